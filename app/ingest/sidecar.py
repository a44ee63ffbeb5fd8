"""A folder's metadata sidecar: `metadata.csv` or `metadata.jsonl` beside the texts, one row a file.

Plain texts carry no outlet, URL or date; a sidecar gives them: the columns (or keys) are `file` (the file
name in that folder, required), and any of `outlet`, `url` (http or https) and `date` (YYYY-MM-DD or an ISO
date-time). A bad sidecar stops the run before anything is stored, naming the file, line and field: texts
ingested without the metadata meant for them could not get it later (the same text is a duplicate).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.ingest.sources import SIDECAR_NAMES, SourceFile
from app.text.urls import web_url_problem


class SidecarError(ValueError):
    """A sidecar that cannot be used; the message names the file, the line and the field."""


class FileMeta(BaseModel):
    """What a sidecar row says about one file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    file: str = Field(min_length=1, max_length=500)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    date: datetime | None = None

    @field_validator("outlet", "url", "date", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("url")
    @classmethod
    def _web_address(cls, v: str | None) -> str | None:
        problem = web_url_problem(v) if v is not None else None
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("file")
    @classmethod
    def _bare_name(cls, v: str) -> str:
        if "/" in v or "\\" in v or v in (".", ".."):
            raise ValueError("must be a file name in the sidecar's folder, without a path")
        return v


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    data: Any


def _rows(path: Path) -> list[_Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SidecarError(f"{path}: not UTF-8 text (invalid byte at position {exc.start})") from exc
    except OSError as exc:
        raise SidecarError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if path.suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise SidecarError(f"{path}: the first line must name the columns, one of them `file`")
        rows = []
        for row in reader:
            if None in row:
                raise SidecarError(f"{path}:{reader.line_num}: more values than columns")
            rows.append(_Row(reader.line_num, row))
        return rows
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                rows.append(_Row(number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise SidecarError(f"{path}:{number}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    return rows


def read_sidecar(path: Path) -> dict[str, FileMeta]:
    """The rows of one sidecar by file name; every file it names must be in its folder, once."""
    found: dict[str, FileMeta] = {}
    for row in _rows(path):
        if not isinstance(row.data, dict):
            raise SidecarError(f"{path}:{row.line}: expected an object with a `file` key")
        try:
            meta = FileMeta.model_validate(row.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "row"
            raise SidecarError(f"{path}:{row.line}: {where}: {first['msg'].removeprefix('Value error, ')}") from exc
        if meta.file in found:
            raise SidecarError(f"{path}:{row.line}: file: {meta.file!r} is described twice")
        if not (path.parent / meta.file).is_file():
            raise SidecarError(f"{path}:{row.line}: file: {meta.file!r} is not in {path.parent}")
        found[meta.file] = meta
    return found


def sidecar_metadata(files: list[SourceFile]) -> dict[Path, FileMeta]:
    """The sidecar row of every file that has one, by the file's resolved path."""
    out: dict[Path, FileMeta] = {}
    for folder in sorted({f.path.parent for f in files}):
        present = [folder / n for n in SIDECAR_NAMES if (folder / n).is_file()]
        if len(present) > 1:
            raise SidecarError(f"{folder}: both {' and '.join(SIDECAR_NAMES)}; keep one")
        for path in present:
            for name, meta in read_sidecar(path).items():
                out[(folder / name).resolve()] = meta
    return out
