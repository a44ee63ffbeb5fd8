"""An ingest run: read records, extract in worker processes, write in the main process in batches.

Extraction is a pure function of the text and CPU-bound, so it runs in a process pool; the database
is written from one process only (SQLite allows one writer; PostgreSQL gains little from more), in
commits of a few hundred articles so a crash loses at most one batch and a rerun skips what is stored.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

from app.db import make_sessionmaker
from app.extraction.types import ArticleExtraction
from app.ingest.gold import import_gold_over_suggestions
from app.ingest.readers import ArticleRecord, GoldRecord
from app.ingest.sources import Problem
from app.models import Article
from app.store.articles import ingest_article
from app.store.extraction import store_extraction
from app.text.hashing import content_hash

BATCH_SIZE = 200
# Texts handed to the pool ahead of the writer: enough to keep every worker busy, few enough for memory.
AHEAD_PER_WORKER = 8


@dataclass
class IngestStats:
    new: int = 0
    duplicate: int = 0
    extracted: int = 0
    gold_added: int = 0
    gold_already: int = 0
    superseded: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"articles: {self.new} new, {self.duplicate} duplicate",
            f"attributions: {self.extracted} extracted, {self.gold_added} gold"
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


def _fatal(exc: BaseException) -> bool:
    # A lost connection or a dead worker pool fails every record after it: stop instead of listing them all.
    return isinstance(exc, BrokenProcessPool) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


# A record on its way to the writer, its extraction (when a worker does it) and its text's hash.
Pending = tuple[ArticleRecord, "Future[ArticleExtraction] | None", str]


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
    ) -> None:
        """`workers` extraction processes beside the writer (0: extract in this process).

        `extractor` runs in those processes, so it must be a module-level function (picklable).
        """
        self.extractor = extractor
        self.factory = make_sessionmaker(engine)
        self.workers = max(0, workers)
        self.batch_size = max(1, batch_size)
        self.on_problem = on_problem
        self.on_article = on_article
        self.stats = IngestStats()

    def problem(self, p: Problem) -> None:
        self.stats.problems.append(p)
        self.on_problem(p)

    # -- articles -----------------------------------------------------------------------------------------

    def articles(self, items: Iterable[ArticleRecord | GoldRecord | Problem]) -> list[GoldRecord]:
        """Store every article record; returns the gold records met on the way, for `gold` afterwards."""
        gold: list[GoldRecord] = []
        records = self._only_articles(items, gold)
        with self.factory() as session:
            if self.workers > 0:
                ctx = multiprocessing.get_context("spawn")  # no fork of a process holding DB connections
                with ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx) as pool:
                    self._write_all(session, records, pool)
            else:
                self._write_all(session, records, None)
            session.commit()
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
                yield item

    def _write_all(self, session: Session, records: Iterator[ArticleRecord], pool: ProcessPoolExecutor | None) -> None:
        window: deque[Pending] = deque()
        queued: set[str] = set()
        written = 0
        ahead = max(1, self.workers) * AHEAD_PER_WORKER

        def write_oldest() -> None:
            nonlocal written
            record, future, digest = window.popleft()
            written += self._write(session, record, future)
            queued.discard(digest)  # stored (or failed) now: the database answers for it from here on
            written = self._maybe_commit(session, written)

        for record in records:
            future, digest = None, ""
            if pool is not None and record.data.extract:
                digest = content_hash(record.data.text)
                # Duplicates are not worth a worker's time; the writer recognises them by hash.
                if digest not in queued and not self._stored(session, digest):
                    queued.add(digest)
                    future = pool.submit(self.extractor, record.data.text)
            window.append((record, future, digest))
            while len(window) > ahead:
                write_oldest()
        while window:
            write_oldest()

    def _maybe_commit(self, session: Session, written: int) -> int:
        if written >= self.batch_size:
            session.commit()
            return 0
        return written

    @staticmethod
    def _stored(session: Session, digest: str) -> bool:
        return session.scalar(select(Article.id).where(Article.content_hash == digest)) is not None

    def _write(self, session: Session, record: ArticleRecord, future: Future[ArticleExtraction] | None) -> int:
        self.on_article()
        extracted = 0
        try:
            with _savepoint(session):
                result = ingest_article(session, record.data.model_copy(update={"extract": False}))
                if not result.duplicate and record.data.extract:
                    extraction = future.result() if future is not None else self.extractor(record.data.text)
                    result.article.extractor_version = extraction.version
                    extracted = len(store_extraction(session, result.article, extraction))
        except Exception as exc:
            if _fatal(exc):
                raise
            self.problem(Problem(record.origin, _describe(exc)))
            return 0
        if result.duplicate:
            self.stats.duplicate += 1
            return 0
        self.stats.new += 1
        self.stats.extracted += extracted
        return 1

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
                    self.problem(Problem(record.origin, _describe(exc)))
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


def _describe(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else str(exc)
    return " ".join(text.split()) or type(exc).__name__
