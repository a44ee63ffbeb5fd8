"""SQLite: a writer that finds the database locked waits for the other writer instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from app.config import DEFAULT_LOCK_WAIT_SECONDS
from app.db import make_engine, make_sessionmaker, session_scope
from app.migrations_support import upgrade
from app.models import TokenRole
from app.store.tokens import create_token


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "wait.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    held, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(10)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert held.wait(10)
    threading.Timer(1.5, release.set).start()
    start = time.perf_counter()
    with session_scope(make_sessionmaker(engine)) as session:
        create_token(session, "ana", TokenRole.editor)
    waited = time.perf_counter() - start
    holder.join()
    assert 1.0 < waited < DEFAULT_LOCK_WAIT_SECONDS
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == DEFAULT_LOCK_WAIT_SECONDS * 1000
    engine.dispose()
