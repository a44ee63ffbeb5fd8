"""Ingest writes a batch of articles in one transaction, each article's claims clustered in a few statements
for them all: the database it leaves is the one that storing the articles one by one leaves, and an article
that fails to be written is reported while the rest of its batch is stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, func, select, text
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction, Span
from app.ingest import pipeline
from app.ingest.pipeline import Ingestor, _savepoint
from app.ingest.readers import ArticleRecord
from app.models import Article, Attribution, Base, Claim, ClaimCluster
from app.store.articles import ArticleInput, ingest_article, prepare_article
from app.store.bulk import BulkWriter
from app.store.bulk_clusters import KeyIndex
from app.store.clusters import PlacingReads
from app.store.errors import InputError
from app.store.preconditions import advisory_key
from tests.cli.quote_extractor import quotes_said

NAMES = ["Rina Osei", "Tomas Vell", "Ines Marlow", "Oskar Brandt"]
# Claims that come back in other articles, worded alike or not, so clusters gain reports across a batch.
CLAIMS = [
    "The ferry route will reopen on schedule after the harbor repairs",
    "The ferry route will reopen on schedule after harbor repairs end",
    "Water tariffs across the valley will rise by four percent next spring",
    "Water tariffs across the valley will not rise next spring",
    "The new library wing opens to readers in the first week of March",
]


def _text(i: int) -> str:
    lines = [f"Council Notes {i}", ""]
    for j in range(3):
        claim = CLAIMS[(i + 2 * j) % len(CLAIMS)]
        lines += [f'"{claim}," said {NAMES[(i + j) % len(NAMES)]} at the meeting.', ""]
    lines += [f"{CLAIMS[(i + 1) % len(CLAIMS)]}, officials confirmed in a statement on day {i}.", ""]
    return "\n".join(lines)


def _inputs(n: int) -> list[ArticleInput]:
    out = [ArticleInput(text=_text(i), source_name=f"notes-{i}", outlet="Valley Courier") for i in range(n)]
    return [*out, out[2]]  # the same text again: a duplicate, stored once


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, without the times the rows were written."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(row) for row in rows]
    return out


def test_batched_ingest_leaves_the_database_that_one_article_at_a_time_leaves(
    engine: Engine, other_engine: Engine
) -> None:
    inputs = _inputs(12)
    for data in inputs:  # row by row: each article in its own transaction, as the API stores it
        with Session(other_engine) as session:
            ingest_article(session, prepare_article(data, quotes_said(data.text)))
            session.commit()
    ingestor = Ingestor(engine, batch_size=5, extractor=quotes_said)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    assert (ingestor.stats.new, ingestor.stats.duplicate, ingestor.stats.problems) == (12, 1, [])
    batched, one_by_one = dump(engine), dump(other_engine)
    assert batched["claim_cluster"] and batched["attribution"] and batched["statement"]
    assert len(batched["claim_cluster"]) < len(batched["claim"]), "no cluster gained a second claim"
    for table in batched:
        assert batched[table] == one_by_one[table], table


def _quotes_then_a_bad_span(text: str) -> ArticleExtraction:
    """`quotes_said`, except that an article mentioning "day 7" gets an attribution past its end."""
    result = quotes_said(text)
    if "day 7" in text:
        bad = result.attributions[0]
        bad.content = Span(len(text) - 2, len(text) + 40, "")
    return result


def test_an_article_that_fails_to_be_written_is_reported_and_its_batch_stored(engine: Engine) -> None:
    inputs = _inputs(10)[:10]
    seen = []
    ingestor = Ingestor(engine, batch_size=10, extractor=_quotes_then_a_bad_span, on_problem=seen.append)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    assert [p.origin for p in seen] == ["item 7"]
    assert "content" in seen[0].message and "outside the article text" in seen[0].message
    assert ingestor.stats.new == 9
    with Session(engine) as session:
        stored = set(session.scalars(select(Article.source_name)))
        assert stored == {f"notes-{i}" for i in range(10)} - {"notes-7"}
        per_article = {a.source_name: len(a.attributions) for a in session.scalars(select(Article))}
        assert all(n == 3 for n in per_article.values()), per_article
        assert session.scalar(select(Attribution.id).join(Article).where(Article.source_name == "notes-7")) is None


def test_an_article_whose_rows_the_server_refuses_after_they_were_sent_is_reported_alone(engine: Engine) -> None:
    """Claim keys go to PostgreSQL without the writer waiting for them (`rows.overlapping`): when the server
    refuses one, the error still fails that article alone, in its savepoint, and the next is written."""
    inputs = _inputs(10)[:10]
    inputs[7] = ArticleInput(text=inputs[7].text + "\nZeppelins hover over the valley.\n", source_name="notes-7")
    with engine.begin() as conn:  # the server refuses the key only article 7 has
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE claim_key ADD CONSTRAINT refused CHECK (key <> 'zeppelin')"))
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER refused BEFORE INSERT ON claim_key WHEN NEW.key = 'zeppelin' "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
    seen = []
    ingestor = Ingestor(engine, batch_size=10, extractor=quotes_said, on_problem=seen.append)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    assert [p.origin for p in seen] == ["item 7"]
    assert "refused" in seen[0].message
    with Session(engine) as session:
        assert set(session.scalars(select(Article.source_name))) == {f"notes-{i}" for i in range(10)} - {"notes-7"}
        assert session.scalar(select(func.count()).select_from(Attribution)) == 27


def test_a_batch_locks_its_texts_before_writing_them_and_knows_which_are_stored(engine: Engine, backend: str) -> None:
    """The batch's texts are locked and looked up in one statement each, before any is written: another
    transaction cannot take their locks meanwhile, a stored text is a duplicate, and so is a text the batch
    has just written."""
    inputs = _inputs(3)[:3]
    prepared = [prepare_article(data, quotes_said(data.text)) for data in inputs]
    with Session(engine) as session:
        ingest_article(session, prepared[0])
        session.commit()
    with Session(engine) as session:
        writer = BulkWriter(session)
        writer.prefetch(prepared)
        assert writer.stored == {prepared[0].digest: True, prepared[1].digest: False, prepared[2].digest: False}
        if backend == "postgresql":
            with engine.connect() as other:
                taken = [
                    other.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": advisory_key(p.digest)})
                    for p in prepared
                ]
            assert taken == [False, False, False]
        assert [writer.write(p).duplicate for p in [*prepared, prepared[1]]] == [True, False, False, True]
        session.commit()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 3


def test_a_text_whose_article_failed_is_written_by_its_next_copy_in_the_batch(engine: Engine) -> None:
    """What the writer knew of a text being stored goes with the article's rolled-back savepoint."""
    data = _inputs(3)[0]
    good = prepare_article(data, quotes_said(data.text))
    bad = prepare_article(data, quotes_said(data.text))
    assert bad.extraction is not None
    bad.extraction.attributions[0].content = Span(len(data.text) - 2, len(data.text) + 40, "")
    with Session(engine) as session:
        writer = BulkWriter(session)
        writer.prefetch([bad, good])
        with pytest.raises(InputError), _savepoint(session):
            writer.write(bad)
        writer.reset()
        assert not writer.write(good).duplicate
        session.commit()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        assert session.scalar(select(func.count()).select_from(Attribution)) == 3


def test_what_placing_reads_from_a_batch_memory_is_what_sql_reads(engine: Engine) -> None:
    """After each article of a batch, the writer's memory answers `PlacingReads` (candidates' wordings and
    clusters, clusters' first wordings) as the SQL does. Each article is dated before the one before it, so
    each takes the first report of the clusters it joins and their first wordings change through the batch."""
    inputs = _inputs(12)[:12]
    with Session(engine) as session:
        writer = BulkWriter(session)
        sql = PlacingReads()
        before: dict[int | None, str] = {}
        changed = 0
        for i, data in enumerate(inputs):
            dated = data.model_copy(update={"published_at": datetime(2024, 12, 31) - timedelta(days=i)})
            writer.write(prepare_article(dated, quotes_said(dated.text)))
            claims = list(session.scalars(select(Claim.id)))
            clusters = set(session.scalars(select(ClaimCluster.id)))
            assert writer.clusters.known(session, claims) == sql.known(session, claims)
            first = sql.anchors(session, clusters)
            assert writer.clusters.anchors(session, clusters) == first
            changed += sum(1 for c, wording in first.items() if before.get(c, wording) != wording)
            before = first
        assert changed, "no cluster's first wording changed through the batch"


def test_a_batch_reuses_the_claim_keys_of_the_last_only_while_nothing_else_commits(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[bool] = []

    class Recording(BulkWriter):
        def __init__(self, session: Session, keys: KeyIndex | None = None) -> None:
            given.append(keys is not None)
            if len(given) == 2:  # someone else stores a claim as the second batch begins, before it takes its locks
                with Session(engine) as other:
                    other.add(Claim(text="The ferry route will reopen soon", fingerprint="0" * 64))
                    other.commit()
            super().__init__(session, keys)

    monkeypatch.setattr(pipeline, "BulkWriter", Recording)
    inputs = _inputs(9)[1:]  # the last one a duplicate (it writes nothing)
    ingestor = Ingestor(engine, batch_size=3, extractor=quotes_said)
    ingestor.articles(ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs))
    # batch 1 reads everything; batch 2 starts from batch 1's memory, but someone committed during it;
    # batch 3 reads everything again
    assert given == [False, True, False]
    assert (ingestor.stats.new, ingestor.stats.duplicate) == (8, 1)
    assert (ingestor.stats.new, ingestor.stats.duplicate) == (8, 1)


def test_an_ingest_refreshes_the_statistics_its_reads_are_planned_by_and_not_the_search_ones(
    engine: Engine, backend: str
) -> None:
    """PostgreSQL: the writer's tables are analyzed as they grow, of every column but the long texts, so
    neither those texts nor the full-text indexes' expressions are read for it (autovacuum's analyze does
    that). SQLite: nothing is analyzed."""
    if backend == "postgresql":
        with engine.begin() as conn:  # no analyze but the ingest's while it runs
            for table in ("article", "attribution", "claim", "claim_key"):
                conn.execute(text(f"ALTER TABLE {table} SET (autovacuum_enabled = false)"))
    inputs = _inputs(6)[:6]
    Ingestor(engine, batch_size=3, extractor=quotes_said).articles(
        ArticleRecord(f"item {i}", data) for i, data in enumerate(inputs)
    )
    with engine.connect() as conn:
        if backend == "sqlite":
            assert conn.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")) == 0
            return
        stats = {
            tuple(r) for r in conn.execute(text("SELECT tablename, attname FROM pg_stats WHERE schemaname = 'public'"))
        }
    assert {
        ("claim_key", "key"),
        ("claim", "fingerprint"),
        ("attribution", "claim_id"),
        ("article", "content_hash"),
    } <= stats
    assert not {t for t, a in stats if t.endswith("_tsv")}, "the full-text indexes' expressions were analyzed"
    assert ("article", "text") not in stats and ("attribution", "content_text") not in stats
