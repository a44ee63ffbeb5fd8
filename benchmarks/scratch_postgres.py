"""A throwaway PostgreSQL database for a benchmark run: created on the server at ADMIN_URL, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from app.config import normalize_database_url


@contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """Yields the URL of a new empty database on that server (any database URL of it will do)."""
    admin = create_engine(normalize_database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"claimbase_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
