"""`claimbase extract`: run the attribution extractor on text files, or on a JSONL of documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from app.extraction import extract as run_extract
from app.extraction import to_gold_dicts
from app.extraction.kinds import COUNTED, KINDS, keep_kinds, parse_kinds
from app.extraction.polnear_format import polnear_dicts
from app.extraction.types import ArticleExtraction


def _fail(message: str) -> None:
    print(f"claimbase extract: {message}", file=sys.stderr)
    raise typer.Exit(1)


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return fh.read()
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except IsADirectoryError:
        _fail(f"{path}: is a directory")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    raise AssertionError("unreachable")


def _table(name: str, result: ArticleExtraction, explain: bool) -> Table:
    table = Table(title=f"{name}: {len(result.attributions)} attributions ({result.version})", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("source")
    table.add_column("cue")
    table.add_column("content", ratio=3)
    table.add_column("entity")
    table.add_column("type")
    if explain:
        table.add_column("rule / confidence")
    for n, a in enumerate(result.attributions):
        ent = result.entities[a.entity] if a.entity is not None else None
        who = "-" if ent is None else f"{ent.name} ({ent.kind})"
        extra = []
        if a.anonymous:
            extra.append("anonymous")
        if a.anonymity_reason:
            extra.append(f"reason: {a.anonymity_reason_category}")
        if a.via:
            extra.append(f"via {a.via.text}")
        if a.parent is not None:
            extra.append(f"inside #{a.parent}")
        row = [
            str(n),
            a.source.text if a.source else "-",
            a.cue.text if a.cue else "-",
            a.content.text,
            who + ("\n" + ", ".join(extra) if extra else ""),
            f"{a.kind}\n{a.quote_type}\n{a.stance}",
        ]
        if explain:
            row.append(f"{a.rule}\n{a.confidence:.2f}")
        table.add_row(*row)
    return table


def _jsonl(path: Path, use_tagger: bool, fmt: str, kinds: frozenset[str]) -> None:
    try:
        fh = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc_id, text = doc["doc_id"], doc["text"]
            except (json.JSONDecodeError, KeyError, TypeError):
                _fail(f'{path}:{n}: expected a JSON object with "doc_id" and "text"')
            if not isinstance(text, str):
                _fail(f'{path}:{n}: "text" must be a string')
            result = keep_kinds(run_extract(text, use_tagger=use_tagger, unsourced=fmt == "polnear"), kinds)
            atts = polnear_dicts(text, result) if fmt == "polnear" else to_gold_dicts(text, result)
            sys.stdout.write(json.dumps({"doc_id": doc_id, "attributions": atts}, ensure_ascii=False) + "\n")


def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Text files (UTF-8), one article each.")] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help="Read {doc_id, text} lines from this file ('-' for stdin); write one JSON line per document.",
        ),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show which rule or model found each one.")] = False,
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="The fast path: the rules' candidates alone, scored (several times faster, for very large corpora).",
        ),
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="With --jsonl: 'gold' (the project's annotation format, "
            "one attribution per quoted piece) or 'polnear' (PolNeAR's conventions).",
        ),
    ] = "gold",
    kinds: Annotated[
        str | None,
        typer.Option(
            "--kinds",
            help="Comma-separated kinds to write: "
            f"{', '.join(KINDS)} or 'all' (default: speech,belief; "
            "all with --format polnear).",
        ),
    ] = None,
) -> None:
    """Find every attribution (who said what, with exact character spans) in article texts."""
    if fmt not in {"gold", "polnear"}:
        _fail(f"--format must be 'gold' or 'polnear', not {fmt!r}")
    try:
        chosen = parse_kinds(kinds) if kinds is not None else (frozenset(KINDS) if fmt == "polnear" else COUNTED)
    except ValueError as exc:
        _fail(f"--kinds: {exc}")
    if jsonl is not None:
        if files:
            _fail("give either FILE arguments or --jsonl, not both")
        _jsonl(jsonl, not fast, fmt, chosen)
        return
    if not files:
        _fail("give one or more text files, or --jsonl IN.jsonl")
    console = Console()
    for path in files:
        text = _read_text(path)
        console.print(_table(str(path), keep_kinds(run_extract(text, use_tagger=not fast), chosen), explain))
