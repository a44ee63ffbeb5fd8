"""Turning files into ArticleInput records; every failure becomes a Problem naming the file (and line)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.ingest.sidecar import FileMeta
from app.ingest.sources import FileKind, Problem, SourceFile
from app.store.articles import ArticleInput
from app.store.gold import is_gold_file
from app.text.html import UnreadableHtml, html_to_article


class ReadError(ValueError):
    """A file (or line) that cannot become an article."""


@dataclass(slots=True)
class ArticleRecord:
    origin: str
    data: ArticleInput


@dataclass(slots=True)
class GoldRecord:
    origin: str
    raw: dict[str, Any]


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    msg = first["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def read_utf8(path: Path) -> str:
    """The file's text exactly as stored (no newline translation), so offsets into it hold."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text (invalid byte at position {exc.start})") from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    if not text.strip():
        raise ReadError("empty file")
    return text


def text_article(path: Path, outlet: str | None, extract: bool, meta: FileMeta | None = None) -> ArticleInput:
    """A plain text; its sidecar row (if any) gives the outlet, URL and date, and beats --outlet."""
    return ArticleInput(
        text=read_utf8(path),
        outlet=(meta.outlet if meta else None) or outlet,
        url=meta.url if meta else None,
        published_at=meta.date if meta else None,
        source_name=path.stem,
        extract=extract,
    )


def html_article(path: Path, outlet: str | None, extract: bool, meta: FileMeta | None = None) -> ArticleInput:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise ReadError("empty file")
    try:
        page = html_to_article(raw)
    except UnreadableHtml as exc:
        raise ReadError(str(exc)) from exc
    # A sidecar row, then a name given on the command line, beat what the page's metadata suggests.
    return ArticleInput(
        text=page.text,
        title=page.title,
        url=(meta.url if meta else None) or page.url,
        outlet=(meta.outlet if meta else None) or outlet or page.outlet,
        outlet_domain=page.hostname,
        published_at=(meta.date if meta else None) or page.published_at,
        authors=page.authors or None,
        language=page.language,
        source_name=path.stem,
        extract=extract,
    )


def article_from_mapping(obj: Any, outlet: str | None, extract: bool, name: str | None = None) -> ArticleInput:
    """An article object (JSONL line, JSON file, sample entry): ArticleInput fields plus optional doc_id."""
    if not isinstance(obj, Mapping):
        raise ReadError(f"expected a JSON object, got {type(obj).__name__}")
    fields = dict(obj)
    doc_id = fields.pop("doc_id", None)
    if not fields.get("source_name"):
        fields["source_name"] = str(doc_id) if doc_id is not None else name
    # The record's own outlet is data someone wrote; --outlet only fills in where it has none.
    if outlet and not fields.get("outlet"):
        fields["outlet"] = outlet
    fields["extract"] = extract and fields.get("extract", True) is not False
    try:
        return ArticleInput.model_validate(fields)
    except ValidationError as exc:
        raise ReadError(_validation_message(exc)) from exc


def jsonl_records(path: Path, outlet: str | None, extract: bool) -> Iterator[ArticleRecord | Problem]:
    """One record a non-blank line; a bad line is a Problem with its line number and the rest go on."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        any_line = False
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            any_line = True
            origin = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(origin, f"not UTF-8 text (invalid byte at position {exc.start})")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Problem(origin, f"bad JSON: {exc.msg} (column {exc.colno})")
                continue
            try:
                yield ArticleRecord(origin, article_from_mapping(obj, outlet, extract))
            except ReadError as exc:
                yield Problem(origin, str(exc))
        if not any_line:
            yield Problem(str(path), "empty file")


def read_json(path: Path) -> Any:
    text = read_utf8(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"bad JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc


def file_records(
    source: SourceFile, outlet: str | None, extract: bool, meta: FileMeta | None = None
) -> Iterator[ArticleRecord | GoldRecord | Problem]:
    """Everything one file holds: articles, a gold annotation set to import later, or a Problem.

    `meta` is the file's row in its folder's sidecar (texts and pages only)."""
    origin = str(source.path)
    if source.kind == FileKind.jsonl:
        yield from jsonl_records(source.path, outlet, extract)
        return
    try:
        if source.kind == FileKind.text:
            yield ArticleRecord(origin, text_article(source.path, outlet, extract, meta))
        elif source.kind == FileKind.html:
            yield ArticleRecord(origin, html_article(source.path, outlet, extract, meta))
        else:
            data = read_json(source.path)
            if is_gold_file(data):
                yield GoldRecord(origin, data)
            elif isinstance(data, dict) and "text" in data:
                yield ArticleRecord(origin, article_from_mapping(data, outlet, extract, source.path.stem))
            else:
                raise ReadError('neither gold annotations {"doc_id", "attributions"} nor an article {"text", ...}')
    except ValidationError as exc:
        yield Problem(origin, _validation_message(exc))
    except ReadError as exc:
        yield Problem(origin, str(exc))
    except Exception as exc:  # a parser's own failure on strange input must not end the run
        yield Problem(origin, f"cannot read ({type(exc).__name__}: {exc})")
