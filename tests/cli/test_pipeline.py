"""The ingest pipeline: extraction in worker processes, writes in batches, gold over suggestions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db import make_engine
from app.ingest.pipeline import Ingestor
from app.ingest.readers import ArticleRecord, GoldRecord
from app.ingest.sources import Problem
from app.migrations_support import upgrade
from app.models import Article, Attribution, Origin, Status
from app.store.articles import ArticleInput
from tests.cli.quote_extractor import VERSION, quotes_said
from tests.cli.writing import span

NAMES = ["Rina Osei", "Tomas Vell", "Ines Marlow"]


@pytest.fixture()
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def _text(i: int) -> str:
    return f'Ferry Notice {i}\n\n"Route {i} will reopen on schedule," said {NAMES[i % 3]} on the pier.\n'


def _records(n: int) -> list[ArticleRecord | Problem]:
    out: list[ArticleRecord | Problem] = []
    for i in range(n):
        out.append(ArticleRecord(f"item {i}", ArticleInput(text=_text(i), source_name=f"notice-{i}")))
        if i % 10 == 3:  # the same text again, while the first copy may still be with a worker
            out.append(ArticleRecord(f"item {i} again", ArticleInput(text=_text(i), source_name=f"copy-{i}")))
    out.insert(5, Problem("broken.txt", "empty file"))
    return out


@pytest.mark.parametrize("workers", [0, 3])
def test_parallel_extraction_stores_each_result_with_its_article(engine: Engine, workers: int) -> None:
    seen: list[Problem] = []
    ingestor = Ingestor(engine, workers=workers, batch_size=7, extractor=quotes_said, on_problem=seen.append)
    gold = ingestor.articles(_records(40))
    assert gold == []
    stats = ingestor.stats
    assert (stats.new, stats.duplicate, stats.extracted) == (40, 4, 40)
    assert seen == [Problem("broken.txt", "empty file")]
    with Session(engine) as s:
        articles = {a.id: a for a in s.scalars(select(Article))}
        assert {a.extractor_version for a in articles.values()} == {VERSION}
        rows = s.scalars(select(Attribution)).all()
        assert len(rows) == 40
        for row in rows:
            article = articles[row.article_id]
            i = int(article.source_name.removeprefix("notice-"))
            assert row.content_text == article.text[row.content_start : row.content_end]
            assert row.content_text == f"Route {i} will reopen on schedule"
            assert row.speaker is not None and row.speaker.name == NAMES[i % 3]
            assert (row.origin, row.status) == (Origin.extracted, Status.suggested)
        # Speakers link across articles by full name.
        assert len({r.speaker_id for r in rows}) == 3


def test_gold_replaces_the_suggestion_it_covers(engine: Engine) -> None:
    text = _text(1) + '\n"Tickets stay at the old price," said Tomas Vell.\n'
    ingestor = Ingestor(engine, extractor=quotes_said)
    ingestor.articles([ArticleRecord("one", ArticleInput(text=text, source_name="one"))])
    assert ingestor.stats.extracted == 2
    gold = {
        "doc_id": "one",
        "attributions": [
            {
                # The very spans the extractor found: the annotation must still be stored as confirmed.
                "source": span(text, "Tomas Vell"),
                "cue": span(text, "said", text.index("Tickets")),
                "content": span(text, "Tickets stay at the old price"),
                "entity": "Tomas Vell",
                "quote_type": "direct",
            }
        ],
    }
    ingestor.gold([GoldRecord("one.json", gold)])
    stats = ingestor.stats
    assert (stats.gold_added, stats.gold_already, stats.superseded) == (1, 0, 1)
    with Session(engine) as s:
        rows = s.scalars(select(Attribution).order_by(Attribution.content_start)).all()
        assert [(r.content_text, r.origin, r.status) for r in rows] == [
            ("Route 1 will reopen on schedule", Origin.extracted, Status.suggested),
            ("Tickets stay at the old price", Origin.manual, Status.confirmed),
        ]
