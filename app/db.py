"""Engine and session construction for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, func
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.config import DEFAULT_LOCK_WAIT_SECONDS, normalize_database_url

# PostgreSQL's SQLSTATEs for "waited too long for a lock" (lock_timeout), and for a transaction it rolled
# back to break a deadlock or a serialization conflict: each means "nothing changed, try again".
_PG_BUSY_STATES = {"55P03", "40P01", "40001"}
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


def _sqlite_pragmas(lock_wait_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked; cascades and integrity depend on them.
        cursor.execute("PRAGMA foreign_keys=ON")
        # A writer that finds the database locked waits this long (ms) before failing: write transactions
        # are short (extraction runs before them), so writers queue instead of failing "database is locked".
        cursor.execute(f"PRAGMA busy_timeout={lock_wait_ms}")
        cursor.close()

    return on_connect


def make_engine(url: str, lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS, **kwargs: Any) -> Engine:
    """An engine whose writers wait up to `lock_wait_seconds` for a lock another transaction holds
    (SQLite's busy_timeout, PostgreSQL's lock_timeout); then the statement fails (see `is_busy`)."""
    url = normalize_database_url(url)
    lock_wait_ms = max(1, round(lock_wait_seconds * 1000))
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(lock_wait_ms))
        if not url.endswith(":memory:") and url != "sqlite://":
            with engine.connect() as conn:
                # WAL lets the web server read while an ingest writes.
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        return engine
    # Every query here asks for a page, a count from the tallies or a batch of rows: no parallel workers (on
    # a page's walk down a sort order they run ahead of what the page needs: a sparse search at 10,000,000
    # walked 227,748 rows in three processes, 327 ms, against 11,695 in one, 44 ms) and no JIT compilation
    # (several ms a query, paid where the planner's estimate of a walk with a LIMIT is large).
    options = f"-c lock_timeout={lock_wait_ms} -c max_parallel_workers_per_gather=0 -c jit=off"
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options}, **kwargs)


def is_busy(exc: BaseException) -> bool:
    """True when a statement failed only because others held the database (or a row) too long.

    SQLite: "database is locked" / "database table is locked" once busy_timeout ran out (or a stale
    read snapshot could not become a write). PostgreSQL: lock_timeout, a deadlock or a serialization
    failure. The transaction changed nothing and the same request may simply be sent again.
    """
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state in _PG_BUSY_STATES
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)  # extended codes (SQLITE_BUSY_SNAPSHOT) included
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def dialect_name(engine_or_session: Engine | Session) -> str:
    bind = engine_or_session.get_bind() if isinstance(engine_or_session, Session) else engine_or_session
    return "postgresql" if bind.dialect.name == "postgresql" else "sqlite"


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def refresh_statistics(engine: Engine, *, reclaim: bool = False) -> None:
    """Let the query planner see the table sizes after a bulk load (it picks the covering indexes then).

    `reclaim`, after a rebuild that replaced every row of a table: PostgreSQL vacuums too, so the rows replaced
    stop costing reads before autovacuum comes to them (a search of the rebuilt full-text index read both: at
    1,000,000 attributions a sparse search's index read took 47 ms instead of 24)."""
    if reclaim and engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")  # not inside a transaction
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def month_of(session: Session, column: Any) -> Any:
    """`YYYY-MM` of a date column, in the session's database's own words."""
    if dialect_name(session) == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)
