"""Which files an ingest run reads: named files and every known file under named folders."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class FileKind(StrEnum):
    text = "text"
    html = "html"
    jsonl = "jsonl"
    json = "json"  # a gold annotation file, or a single article object


SUFFIXES = {
    ".txt": FileKind.text,
    ".html": FileKind.html,
    ".htm": FileKind.html,
    ".jsonl": FileKind.jsonl,
    ".json": FileKind.json,
}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    kind: FileKind


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be ingested: where (file, or file:line) and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


# A folder's metadata sidecar (app.ingest.sidecar) describes the texts beside it; it is no article itself.
SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")


def kind_of(path: Path) -> FileKind | None:
    return SUFFIXES.get(path.suffix.lower())


def _walk(root: Path) -> list[Path]:
    """Every visible file under root, sorted; symbolic links to folders are not followed (no loops)."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / n for n in names if not n.startswith("."))
    return sorted(p for p in found if p.is_file())


def collect(paths: Iterable[Path]) -> tuple[list[SourceFile], list[Problem]]:
    """The files to read, in a stable order, and the named paths that cannot be read at all.

    Inside folders, files of other kinds (READMEs, scripts) and hidden files are passed over quietly;
    a file named explicitly must be of a known kind.
    """
    files: list[SourceFile] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path, kind: FileKind) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(SourceFile(path, kind))

    for path in paths:
        if path.is_dir():
            for child in _walk(path):
                kind = kind_of(child)
                if kind is not None and child.name not in SIDECAR_NAMES:
                    add(child, kind)
        elif path.is_file():
            kind = kind_of(path)
            if kind is None:
                known = ", ".join(sorted(SUFFIXES))
                problems.append(Problem(str(path), f"unknown file type {path.suffix or '(none)'!r}; expected {known}"))
            else:
                add(path, kind)
        elif path.exists():
            problems.append(Problem(str(path), "neither a file nor a folder"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def count_articles(files: Iterable[SourceFile]) -> int:
    """How many articles the files hold, at most (for the progress bar): one a file, one a JSONL line."""
    total = 0
    for f in files:
        if f.kind == FileKind.jsonl:
            try:
                with f.path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
        elif f.kind != FileKind.json:
            total += 1
    return total
