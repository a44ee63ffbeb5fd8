"""A token that changes whenever anyone commits a change to the database: this process, an ingest
running beside the server, another server process.

SQLite: `PRAGMA data_version` read on a connection of its own, which never writes, so every commit
(any connection, any process) is another connection's and changes the value. PostgreSQL: the current
snapshot (`xmin:xmax:in-progress ids`): it is the same at two moments only if no transaction that
writes began or ended in between, so equal tokens mean the same committed data. Both are conservative:
a write that changes nothing visible (or, on PostgreSQL, a write in another database of the cluster)
changes the token too, which only costs a cache a miss.

The token is read once per request: a few microseconds on SQLite, one round trip on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Engine

VERSION_QUERY = "SELECT pg_current_snapshot()::text"
RETRY_SECONDS = 5.0  # after a failure, the token is not asked for again before this (each try may block)


class DataVersion:
    """Reads the token through one connection of its own, opened on first use and after a failure.

    `current()` is None when the token cannot be read (the database is down): callers then treat the
    data as unknown, never as unchanged, and the connection is not tried again for RETRY_SECONDS.
    """

    def __init__(self, connect: Callable[[], Any], read: Callable[[Any], object]) -> None:
        self._connect = connect
        self._read = read
        self._conn: Any = None
        self._lock = threading.Lock()
        self._retry_at = 0.0

    def current(self) -> object | None:
        with self._lock:
            if self._conn is None and time.monotonic() < self._retry_at:
                return None
            try:
                if self._conn is None:
                    self._conn = self._connect()
                return self._read(self._conn)
            except (sqlite3.Error, psycopg.Error):
                self._drop()
                self._retry_at = time.monotonic() + RETRY_SECONDS
                return None

    def close(self) -> None:
        """Close the connection (the next `current()` opens one again)."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error, psycopg.Error):
                conn.close()


def data_version(engine: Engine) -> DataVersion | None:
    """The token of the database this engine writes to; None for an in-memory SQLite database (no other
    connection can see it, so nothing outside could tell that it changed)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        path = url.database
        if not path or path == ":memory:" or url.query.get("mode") == "memory":
            return None
        return DataVersion(
            lambda: sqlite3.connect(path, isolation_level=None, check_same_thread=False),
            lambda conn: conn.execute("PRAGMA data_version").fetchone()[0],
        )
    if url.get_backend_name() == "postgresql":
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return DataVersion(
            # bounded waits: the token is read on the server's event loop
            lambda: psycopg.connect(conninfo, autocommit=True, connect_timeout=2, options="-c statement_timeout=2000"),
            lambda conn: conn.execute(VERSION_QUERY).fetchone()[0],
        )
    return None
