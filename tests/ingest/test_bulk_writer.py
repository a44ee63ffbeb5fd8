"""The bulk writer (what `claimbase ingest` and the API write new articles with) leaves exactly the rows that the
ORM path `store_extraction` (what `reextract` still writes with) leaves when each article is stored without its
extraction and then extracted again: on real news texts with what each extractor finds in them, and after an
article of the batch failed and its savepoint was rolled back."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction
from app.ingest.pipeline import Ingestor, _savepoint, extractor_for
from app.ingest.readers import ArticleRecord
from app.store.articles import ArticleInput, ingest_article
from app.store.extraction import reextract
from tests.conftest import SHARED
from tests.ingest.test_batched_writes import _inputs, _quotes_then_a_bad_span, dump

TRAIN = SHARED / "polnear" / "train.jsonl"


def _polnear(n: int) -> list[ArticleInput]:
    if not TRAIN.is_file():
        pytest.skip(f"{TRAIN} is absent")
    out = []
    with TRAIN.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(
                ArticleInput(
                    text=d["text"],
                    title=d.get("title"),
                    outlet=d.get("publisher"),
                    published_at=d.get("publication_date") or None,
                    source_name=d["doc_id"],
                )
            )
            if len(out) == n:
                return out
    return out


def _one_by_one(engine: Engine, inputs: list[ArticleInput], extract: Callable[[str], ArticleExtraction]) -> None:
    """The ORM path, an article a savepoint and a commit every few: the article's row and regions (a new
    article without extraction), then its extraction stored by `reextract` (nothing of it to keep or reuse)."""
    with Session(engine) as session:
        for i, data in enumerate(inputs):
            with _savepoint(session):
                result = ingest_article(session, data.model_copy(update={"extract": False}))
                if not result.duplicate:
                    reextract(session, result.article, extractor=extract)
            if i % 7 == 6:
                session.commit()
        session.commit()


@pytest.mark.parametrize(("fast", "n"), [(True, 60), (False, 25)])
def test_bulk_writer_stores_polnear_texts_as_the_orm_path_does(
    engine: Engine, other_engine: Engine, fast: bool, n: int
) -> None:
    inputs = _polnear(n)
    inputs = [*inputs, inputs[3]]  # a text twice: stored once
    found = {data.text: extractor_for(fast)(data.text) for data in inputs}
    _one_by_one(other_engine, inputs, found.__getitem__)
    ingestor = Ingestor(engine, batch_size=20, extractor=found.__getitem__)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    assert (ingestor.stats.new, ingestor.stats.duplicate, ingestor.stats.problems) == (n, 1, [])
    bulk, orm = dump(engine), dump(other_engine)
    assert bulk["attribution"] and bulk["speaker_role"] and bulk["claim_cluster"] and bulk["attribution_tally"]
    assert any(row[21] is not None for row in bulk["attribution"]), "no nested attribution (parent_id) stored"
    for table in bulk:
        assert bulk[table] == orm[table], table


# On SQLite only: a rolled-back insert spends PostgreSQL sequence numbers, so there the ids differ from a run
# without the failed article by design (test_batched_writes checks the failed article's rollback on both).
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_after_a_failed_article_the_rest_of_the_batch_is_stored_as_without_it(
    engine: Engine, other_engine: Engine
) -> None:
    inputs = _inputs(12)
    ingestor = Ingestor(engine, batch_size=12, extractor=_quotes_then_a_bad_span)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    assert [p.origin for p in ingestor.stats.problems] == ["item 7"]
    _one_by_one(other_engine, [d for i, d in enumerate(inputs) if i != 7], _quotes_then_a_bad_span)
    bulk, orm = dump(engine), dump(other_engine)
    for table in bulk:
        assert bulk[table] == orm[table], table
