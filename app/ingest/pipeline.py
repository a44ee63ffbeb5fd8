"""An ingest run: read records, extract them, then write each batch in one short transaction.

Extraction is a pure function of the text and CPU-bound, so it runs in a process pool (or in this
process, with no workers). It always finishes before the batch's write transaction opens, so the
write lock is held only while rows are written, never while a text is being read: other writers (the
API, another ingest) wait seconds at most. While one batch is written the workers already extract the
next. The database is written from one process only (SQLite allows one writer; PostgreSQL gains
little from more), a commit a batch, so a crash loses at most one batch and a rerun skips what is stored.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from sqlalchemy import Engine, Text, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

from app.config import Settings
from app.db import make_sessionmaker
from app.extraction.types import ArticleExtraction
from app.ingest.change_watch import ChangeWatch
from app.ingest.gold import import_gold_over_suggestions
from app.ingest.readers import ArticleRecord, GoldRecord
from app.ingest.sources import Problem
from app.models import (
    Article,
    ArticleRegion,
    Attribution,
    Claim,
    ClaimCluster,
    ClaimKey,
    IngestShard,
    Speaker,
    SpeakerAlias,
    Statement,
)
from app.store.articles import (
    ArticleInput,
    PreparedArticle,
    check_article_size,
    ingest_article,
    prepare_article,
    read_text,
)
from app.store.bulk import BulkWriter, Written, stored_digests
from app.store.bulk_clusters import KeyIndex
from app.store.clusters import indexed_stems
from app.store.errors import InputError
from app.text.hashing import content_hash
from app.text.metadata import TextMetadata

# Articles a write transaction (and a commit); the next batch is extracted while one is written.
BATCH_SIZE = 50
# The most claim ids (claim keys' postings) kept in memory from one batch for the next: 8 bytes each.
MAX_KEPT_KEYS = 20_000_000
# The tables whose statistics an ingest into PostgreSQL refreshes as it grows them (see `_refresh_statistics`).
ANALYZED = [Article, ArticleRegion, Attribution, Claim, ClaimKey, ClaimCluster, Statement, Speaker, SpeakerAlias]


@dataclass
class IngestStats:
    new: int = 0
    duplicate: int = 0
    extracted: int = 0
    left_out: int = 0  # found, but less certain than --min-confidence: not stored
    gold_added: int = 0
    gold_already: int = 0
    superseded: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"articles: {self.new} new, {self.duplicate} duplicate",
            f"attributions: {self.extracted} extracted"
            + (f" ({self.left_out} below the confidence threshold left out)" if self.left_out else "")
            + f", {self.gold_added} gold"
            + (f" ({self.gold_already} already present)" if self.gold_already else "")
            + (f", {self.superseded} suggestions replaced by gold" if self.superseded else ""),
            f"failures: {len(self.problems)}",
        ]
        return "; ".join(parts)


def extractor_available() -> str | None:
    """None when the extractor can be imported, else why not."""
    try:
        from app.extraction import extract  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


def _extract(text: str) -> ArticleExtraction:
    from app.extraction import extract

    return extract(text)


def _extract_fast(text: str) -> ArticleExtraction:
    from app.extraction import extract

    return extract(text, use_tagger=False)


def extractor_for(fast: bool) -> Callable[[str], ArticleExtraction]:
    """The default extractor (rules and tagger, scored) or the fast path (the rules' candidates, scored);
    module-level functions, so worker processes can run them."""
    return _extract_fast if fast else _extract


# What an extraction worker imports before its first text (the fast path too: its features read the tagger's
# cue lexicon), and its models: paid once by the fork server, which then forks each worker with them loaded.
WORKER_MODULES = ["app.ingest.pipeline", "app.extraction.pipeline", "app.extraction.tagger"]


def extraction_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` extraction processes, forked by a fork server that imported WORKER_MODULES: never a fork of
    this process, which holds database connections (the server is a fresh interpreter, started once a process).
    Each worker takes this process's environment as it is now (as a spawned one would), not the one the
    server was started with (e.g. CLAIMBASE_ENCODER_THREADS set since)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(WORKER_MODULES)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_adopt, initargs=(dict(os.environ),))


def _adopt(environment: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(environment)


# What a worker sends back for a text: its extraction, the metadata it states, its regions and the content-word
# stems of the texts its claims may be.
Reading = tuple[ArticleExtraction, TextMetadata, list[tuple[int, int, str]], dict[str, tuple[str, ...]]]


def read_and_extract(extractor: Callable[[str], ArticleExtraction], text: str) -> Reading:
    """Runs in a worker: the text's extraction and what `prepare_article` and clustering read of it, so the
    writing process only writes."""
    meta, regions = read_text(text)
    extraction = extractor(text)
    stems = indexed_stems(text, [(a.content.start, a.content.end) for a in extraction.attributions])
    return extraction, meta, regions, stems


def _fatal(exc: BaseException) -> bool:
    # A lost connection or a dead worker pool fails every record after it: stop instead of listing them all.
    return isinstance(exc, BrokenProcessPool) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


@dataclass
class Pending:
    """A record on its way to the writer, with its extraction when a worker does it."""

    record: ArticleRecord
    digest: str
    future: Future[Reading] | None = None
    stored: bool = False  # the same text was in the database before this batch was read


class Ingestor:
    """Writes records to one database; call `articles` then `gold` (annotations need their articles)."""

    def __init__(
        self,
        engine: Engine,
        workers: int = 0,
        batch_size: int = BATCH_SIZE,
        on_problem: Callable[[Problem], None] = lambda p: None,
        on_article: Callable[[], None] = lambda: None,
        extractor: Callable[[str], ArticleExtraction] = _extract,
        max_article_bytes: int | None = None,
        min_confidence: float | None = None,
    ) -> None:
        """`workers` extraction processes beside the writer (0: extract in this process).

        `extractor` runs in those processes, so it must be a module-level function (picklable).
        A text over `max_article_bytes` (default: the CLAIMBASE_MAX_ARTICLE_BYTES setting) is reported, not stored.
        Suggestions less certain than `min_confidence` are not stored (counted in `stats.left_out`).
        """
        self.max_article_bytes = max_article_bytes or Settings().max_article_bytes
        self.extractor = extractor
        self.min_confidence = min_confidence
        self.factory = make_sessionmaker(engine)
        self.workers = max(0, workers)
        self.batch_size = max(1, batch_size)
        self.on_problem = on_problem
        self.on_article = on_article
        self.stats = IngestStats()
        self.analyzed_at = 0  # articles this run had written when it last refreshed PostgreSQL's statistics
        self.watch = ChangeWatch(engine)
        # The claim keys the last batch's writer held, and the database's change token once it committed.
        self.kept: tuple[KeyIndex, object] | None = None
        self.started: object | None = None  # the change token when the batch being written started
        self.counted_at = (0, 0)  # articles stored and problems met when it started

    def problem(self, p: Problem) -> None:
        self.stats.problems.append(p)
        self.on_problem(p)

    # -- articles -----------------------------------------------------------------------------------------

    def articles(self, items: Iterable[ArticleRecord | GoldRecord | Problem]) -> list[GoldRecord]:
        """Store every article record; returns the gold records met on the way, for `gold` afterwards."""
        gold: list[GoldRecord] = []
        records = self._only_articles(items, gold)
        try:
            with self.factory() as session:
                if self.workers > 0:
                    with extraction_pool(self.workers) as pool:
                        self._write_all(session, records, pool)
                else:
                    self._write_all(session, records, None)
                session.commit()
        finally:
            self.watch.close()
        return gold

    def _only_articles(
        self, items: Iterable[ArticleRecord | GoldRecord | Problem], gold: list[GoldRecord]
    ) -> Iterator[ArticleRecord]:
        for item in items:
            if isinstance(item, Problem):
                self.problem(item)
                self.on_article()
            elif isinstance(item, GoldRecord):
                gold.append(item)
            else:
                try:
                    check_article_size(item.data.text, self.max_article_bytes)
                except InputError as exc:
                    self.problem(Problem(item.origin, f"the {exc.field} {exc.message}"))
                    self.on_article()
                    continue
                yield item

    def _write_all(self, session: Session, records: Iterator[ArticleRecord], pool: ProcessPoolExecutor | None) -> None:
        """Batch by batch: the next batch goes to the workers before this one is written."""
        current: list[Pending] = []
        in_flight: dict[str, Future[Reading]] = {}
        while batch := list(itertools.islice(records, self.batch_size)):
            upcoming = self._start(session, batch, pool, in_flight)
            if pool is not None and not current:
                BulkWriter.warm_up()  # while the workers start and extract the first batch
            self._write_batch(session, current, in_flight)
            current = upcoming
        self._write_batch(session, current, in_flight)

    def _start(
        self,
        session: Session,
        batch: list[ArticleRecord],
        pool: ProcessPoolExecutor | None,
        in_flight: dict[str, Future[Reading]],
    ) -> list[Pending]:
        out = []
        digests = [content_hash(record.data.text) for record in batch]
        stored = stored_digests(session, digests)
        for record, digest in zip(batch, digests, strict=True):
            pending = Pending(record, digest, stored=digest in stored)
            # Stored texts are not worth a worker's time; the same text twice shares one extraction.
            if pool is not None and record.data.extract and not pending.stored:
                if digest not in in_flight:
                    in_flight[digest] = pool.submit(read_and_extract, self.extractor, record.data.text)
                pending.future = in_flight[digest]
            out.append(pending)
        return out

    def _write_batch(self, session: Session, batch: list[Pending], in_flight: dict[str, Future[Reading]]) -> None:
        """Extract (or collect the workers' results) first, then write the batch in one transaction."""
        if not batch:
            return
        ready = self._prepare(batch)
        writer = self._writer(session, ready.values())
        for pending in batch:
            in_flight.pop(pending.digest, None)
            self._store(writer, pending.record.origin, ready[id(pending)])
        self._commit(session, writer)

    def _writer(self, session: Session, items: Iterable[ArticleInput | PreparedArticle | Problem]) -> BulkWriter:
        """A batch's writer, given the claim keys the batch before held when nothing has changed the database
        since that batch committed (`change_watch`): reading them again each batch costs more as the corpus
        grows."""
        kept, self.kept = self.kept, None
        self.started = self.watch.token()
        self.counted_at = (self.stats.new, len(self.stats.problems))
        reuse = kept is not None and self.started is not None and self.started == kept[1]
        writer = BulkWriter(session, kept[0] if reuse and kept is not None else None)
        writer.prefetch([item for item in items if isinstance(item, PreparedArticle)])
        return writer

    def _commit(self, session: Session, writer: BulkWriter) -> None:
        """Commit a batch; keep its writer's claim keys for the next when its commit was the only change to the
        database while it ran (and no statistics were refreshed after it)."""
        own = self.watch.own_change(session)
        session.commit()
        analyzed = self._refresh_statistics(session)  # a transaction of its own, with an id of its own
        ended = self.watch.token()
        keys = writer.keys()
        new, problems = self.stats.new - self.counted_at[0], len(self.stats.problems) - self.counted_at[1]
        sole = not problems and self.watch.only(self.started, own, ended, new + analyzed)
        self.kept = (keys, ended) if sole and keys.size() <= MAX_KEPT_KEYS else None

    def _prepare(self, batch: list[Pending]) -> dict[int, ArticleInput | PreparedArticle | Problem]:
        ready: dict[int, ArticleInput | PreparedArticle | Problem] = {}
        for pending in batch:
            data = pending.record.data
            if pending.stored:
                ready[id(pending)] = data  # written as a duplicate, with no work done
                continue
            try:
                if pending.future is not None:
                    reading: Reading | None = pending.future.result()
                else:  # what a worker would do, here
                    reading = read_and_extract(self.extractor, data.text) if data.extract else None
                if reading is None:
                    ready[id(pending)] = prepare_article(data)
                else:
                    extraction, meta, regions, stems = reading
                    ready[id(pending)] = prepare_article(data, extraction, (meta, regions), stems)
            except Exception as exc:
                if _fatal(exc):
                    raise
                ready[id(pending)] = Problem(pending.record.origin, describe_error(exc))
        return ready

    def write_prepared(
        self, items: Iterable[tuple[str, PreparedArticle | Problem]], ledger: IngestShard | None = None
    ) -> int:
        """Write articles read and extracted elsewhere (by a cluster's workers) in one transaction; returns how
        many were new. `ledger`, the row that says their shard is stored, commits with them (with no problem)."""
        new_before, problems_before = self.stats.new, len(self.stats.problems)
        items = list(items)
        with self.factory() as session:
            writer = self._writer(session, (item for _, item in items))
            for origin, item in items:
                self._store(writer, origin, item)
            new = self.stats.new - new_before
            # A shard with a problem is not finished: a re-run reads it again and reports it again.
            if ledger is not None and len(self.stats.problems) == problems_before:
                ledger.articles = new
                session.add(ledger)
            self._commit(session, writer)
        return new

    def _refresh_statistics(self, session: Session) -> bool:
        """PostgreSQL plans a query by its tables' statistics, which autovacuum refreshes a minute or more after
        they change (never, where it is off): an ingest into a new or small database would go on being planned
        as for nearly empty tables (a sequential scan and an on-disk sort of every claim key, per article). So
        the tables the writer reads are analyzed after each batch that doubles what this run has written: a
        few times a run, a bounded sample each. Of every column but the long texts (`Text`): their statistics
        serve no plan of the writer's, and naming the columns also leaves out those of the full-text indexes'
        expressions (`to_tsvector` of every sampled text; with 840 articles stored, 665 ms of an `ANALYZE` of
        these tables against 165 without). Those serve the search's estimates; autovacuum's analyze of the
        tables computes them (where it is off, `ANALYZE` by hand does)."""
        if session.get_bind().dialect.name != "postgresql" or self.stats.new < max(1, 2 * self.analyzed_at):
            return False
        self.analyzed_at = self.stats.new
        quote = session.get_bind().dialect.identifier_preparer.quote
        tables = []
        for model in ANALYZED:
            columns = [quote(c.name) for c in model.__table__.columns if not isinstance(c.type, Text)]
            tables.append(f"{quote(model.__tablename__)} ({', '.join(columns)})")
        session.execute(text(f"ANALYZE {', '.join(tables)}"))
        session.commit()
        return True

    def _store(self, writer: BulkWriter, origin: str, item: ArticleInput | PreparedArticle | Problem) -> None:
        """One article read (and extracted) or a problem with it: counted, then written or reported."""
        self.on_article()
        if isinstance(item, Problem):
            self.problem(item)
        else:
            self._write(writer, origin, item)

    def _write(self, writer: BulkWriter, origin: str, item: ArticleInput | PreparedArticle) -> None:
        """One article in its own savepoint: one that fails is rolled back alone and reported."""
        try:
            with _savepoint(writer.session):
                result = self._written(writer, item)
        except Exception as exc:
            if _fatal(exc):
                raise
            writer.reset()  # what it held of the rolled-back article is gone
            self.problem(Problem(origin, describe_error(exc)))
            return
        if result.duplicate:
            self.stats.duplicate += 1
            return
        self.stats.new += 1
        self.stats.extracted += result.added
        self.stats.left_out += result.left_out

    def _written(self, writer: BulkWriter, item: ArticleInput | PreparedArticle) -> Written:
        if isinstance(item, PreparedArticle):
            return writer.write(item, min_confidence=self.min_confidence)
        # A text found stored when its batch was read: a duplicate, unless it was removed meanwhile.
        result = ingest_article(writer.session, item, min_confidence=self.min_confidence, writer=writer)
        return result.stored or Written(duplicate=True)

    # -- gold annotations -----------------------------------------------------------------------------------

    def gold(self, records: Iterable[GoldRecord], on_file: Callable[[], None] = lambda: None) -> None:
        with self.factory() as session:
            for record in records:
                on_file()
                try:
                    with _savepoint(session):
                        outcome = import_gold_over_suggestions(session, record.raw)
                except Exception as exc:
                    if _fatal(exc):
                        raise
                    self.problem(Problem(record.origin, describe_error(exc)))
                    continue
                session.commit()
                self.stats.gold_added += outcome.added
                self.stats.gold_already += outcome.already
                self.stats.superseded += outcome.superseded


def _savepoint(session: Session) -> SessionTransaction:
    """A savepoint inside a real transaction, so one bad record rolls back alone.

    pysqlite only opens a transaction before INSERT/UPDATE/DELETE; a SAVEPOINT issued first would
    itself be the outermost transaction, and releasing it would commit (and sync the file) per record.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")
    return session.begin_nested()


def describe_error(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else str(exc)
    return " ".join(text.split()) or type(exc).__name__
