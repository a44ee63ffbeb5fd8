"""Time to write one article with thousands of attributions (the store alone, no extraction).

    .venv/bin/python benchmarks/store_many_attributions.py [--counts 1000 5000] [--database-url URL]

The article is invented: one paragraph an attribution, `"Statement N," said First Last.`, with a given
extraction (spans computed while the text is built), so only the writing is timed: speakers, claims,
attributions and roles, in one transaction, committed. Without --database-url each count gets a new
SQLite file; a given URL must point to an empty database, emptied (downgraded) between runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.extraction.types import ArticleExtraction, Attribution, Entity, Span  # noqa: E402
from app.migrations_support import downgrade, upgrade  # noqa: E402
from app.store.articles import ArticleInput, ingest_article, prepare_article  # noqa: E402

FIRST = ["Rina", "Tomas", "Ines", "Oskar", "Leela", "Marek", "Sade", "Yannick", "Petra", "Dov"]
LAST = ["Osei", "Vell", "Marlow", "Brandt", "Kaur", "Novak", "Adeyemi", "Roux", "Lind", "Sherwin"]


def article(count: int) -> tuple[str, ArticleExtraction]:
    """A text of `count` quoted statements by 100 people (some with a title) and its extraction."""
    parts, found, entities, index = [], [], [], {}
    pos = 0
    header = f"Harbour Council Hears {count} Statements\n\n"
    parts.append(header)
    pos += len(header)
    for i in range(count):
        name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}"
        content = f"Statement {i} on the ferry timetable is final"
        para = f'"{content}," said {name}.\n\n'
        c0 = pos + 1
        cue0 = pos + len(content) + 4
        s0 = cue0 + 5
        if name not in index:
            index[name] = len(entities)
            title = "harbour master" if i % 3 == 0 else None
            entities.append(Entity(name=name, kind="person", aliases=[name], role_title=title))
        found.append(
            Attribution(
                content=Span(c0, c0 + len(content), content),
                cue=Span(cue0, cue0 + 4, "said"),
                source=Span(s0, s0 + len(name), name),
                entity=index[name],
                kind="speech",
                quote_type="direct",
                stance="asserts",
                anonymous=False,
                confidence=0.9,
            )
        )
        parts.append(para)
        pos += len(para)
    text = "".join(parts)
    for a in found:
        assert text[a.content.start : a.content.end] == a.content.text
        assert text[a.source.start : a.source.end] == a.source.text
    return text, ArticleExtraction(attributions=found, entities=entities, regions=[], version="bench")


def store_once(url: str, count: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    text, extraction = article(count)
    prepared = prepare_article(ArticleInput(text=text, outlet="Benchmark Tribune"), extraction)
    start = time.perf_counter()
    with Session(engine) as session:
        result = ingest_article(session, prepared)
        session.commit()
        assert not result.duplicate
    elapsed = time.perf_counter() - start
    downgrade(engine, "base")
    engine.dispose()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--database-url")
    args = ap.parse_args()
    print(f"{'attributions':>12} {'seconds':>8} {'ms each':>8}")
    for count in args.counts:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{Path(tmp) / 'store.db'}"
            seconds = store_once(url, count)
        print(f"{count:>12} {seconds:>8.2f} {seconds / count * 1000:>8.2f}")


if __name__ == "__main__":
    main()
