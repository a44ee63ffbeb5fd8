"""A tiny deterministic extractor for pipeline tests: `"...," said First Last` is one direct quote.

It lets the ingest pipeline (worker pool, batching, storing) be tested apart from the real extractor,
which has its own tests; it lives in a module so worker processes can import it.
"""

from __future__ import annotations

import re

from app.extraction.types import ArticleExtraction, Attribution, Entity, Span

VERSION = "quotes-said-test-1"
_QUOTE = re.compile(r'"(?P<content>[^"]+?),?" (?P<cue>said) (?P<name>[A-Z][a-z]+ [A-Z][a-z]+)')


def quotes_said(text: str) -> ArticleExtraction:
    entities: list[Entity] = []
    found: list[Attribution] = []
    for m in _QUOTE.finditer(text):
        name = m.group("name")
        index = next((i for i, e in enumerate(entities) if e.name == name), None)
        if index is None:
            entities.append(Entity(name=name, kind="person", aliases=[name]))
            index = len(entities) - 1
        found.append(
            Attribution(
                content=Span.of(text, m.start("content"), m.end("content")),
                cue=Span.of(text, m.start("cue"), m.end("cue")),
                source=Span.of(text, m.start("name"), m.end("name")),
                entity=index,
                quote_type="direct",
                stance="asserts",
                anonymous=False,
                kind="speech",
                confidence=0.9,
            )
        )
    return ArticleExtraction(attributions=found, entities=entities, regions=[], version=VERSION)


def take_write_lock(path: str, timeout: float = 0) -> None:
    """Take and release SQLite's write lock, failing ("database is locked") if anyone holds it past `timeout`."""
    import sqlite3

    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def quotes_said_probing_the_lock(text: str) -> ArticleExtraction:
    """`quotes_said`, after taking the write lock of the database named by LOCK_PROBE_DB.

    It runs in a worker while the writer may be writing an earlier batch, so it waits for that (up to 30 s:
    on a loaded machine a batch took over 5); a writer that held its transaction open while waiting for this
    extraction would never let it go, and the probe fails when the wait runs out.
    """
    import os

    take_write_lock(os.environ["LOCK_PROBE_DB"], timeout=30)
    return quotes_said(text)
