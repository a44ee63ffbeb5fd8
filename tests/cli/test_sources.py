"""Which files an ingest run picks up from the paths it is given."""

from __future__ import annotations

import os
from pathlib import Path

from app.ingest.sources import FileKind, collect, count_articles
from tests.cli.writing import write


def test_folders_are_walked_in_order_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.txt", "b")
    write(root / "a" / "page.HTM", "<p>x</p>")
    write(root / "a" / "lines.jsonl", '{"text": "one"}\n\n{"text": "two"}\n')
    write(root / "gold.json", "{}")
    write(root / ".cache" / "hidden.txt", "h")
    write(root / ".hidden.txt", "h")
    write(root / "score.py", "print()")
    os.symlink(root, root / "a" / "loop")  # a link back up must not be followed forever
    files, problems = collect([root, root / "b.txt"])
    assert problems == []
    assert [(f.path.relative_to(root).as_posix(), f.kind) for f in files] == [
        ("a/lines.jsonl", FileKind.jsonl),
        ("a/page.HTM", FileKind.html),
        ("b.txt", FileKind.text),
        ("gold.json", FileKind.json),
    ]
    assert count_articles(files) == 4  # two JSONL lines, the page and the text; the JSON is annotations


def test_named_paths_that_cannot_be_read(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdf", "x")
    files, problems = collect([tmp_path / "missing", tmp_path / "notes.pdf"])
    assert files == []
    assert [p.message.split(";")[0] for p in problems] == ["no such file or folder", "unknown file type '.pdf'"]
