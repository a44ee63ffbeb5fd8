"""A write that finds the database locked waits; if the lock outlasts CLAIMBASE_LOCK_WAIT_SECONDS it gets a 503
with Retry-After in the API's error shape, never a 500 "database is locked".

The lock is held from another connection: SQLite's write lock (`BEGIN IMMEDIATE`), or on PostgreSQL the
attribution's row (`SELECT ... FOR UPDATE`) and the article text's key (the advisory lock ingest takes).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.config import Settings
from app.store.preconditions import advisory_key
from app.text.hashing import content_hash
from tests.api.conftest import LOCAL
from tests.api.test_concurrency import _attribution

NEW_TEXT = "“The gates stay shut,” said Ana Brel on Friday."
LOCK_WAIT = 1.0


@pytest.fixture()
def api(database_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, open_writes=True, lock_wait_seconds=LOCK_WAIT))
    with TestClient(app, **LOCAL) as client:
        yield client


@contextmanager
def held_lock(url: str, attribution_id: int) -> Iterator[None]:
    """Another connection holds what a write of this attribution, or of NEW_TEXT, needs, until the block ends."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    key = advisory_key(content_hash(NEW_TEXT))
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute("SELECT id FROM attribution WHERE id = %s FOR UPDATE", (attribution_id,))
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
        yield
        conn.rollback()


def _assert_busy(r: Any) -> None:
    assert r.status_code == 503, r.text
    assert int(r.headers["Retry-After"]) > 0
    error = r.json()["error"]
    assert error["status"] == 503
    assert "CLAIMBASE_LOCK_WAIT_SECONDS" in error["message"]


def test_a_lock_held_longer_than_the_wait_gets_503_with_retry_after(api: TestClient, database_url: str) -> None:
    a = _attribution(api)
    with held_lock(database_url, a["id"]):
        start = time.perf_counter()
        edit = api.patch(f"/api/attributions/{a['id']}", json={"stance": "denies"})
        waited = time.perf_counter() - start
        post = api.post("/api/articles", json={"text": NEW_TEXT, "extract": False})
        assert api.get(f"/api/attributions/{a['id']}").status_code == 200  # reads go on
    _assert_busy(edit)
    _assert_busy(post)
    assert waited >= LOCK_WAIT * 0.9
    # Nothing was changed, and the same requests succeed once the lock is gone.
    assert api.get(f"/api/attributions/{a['id']}").json()["stance"] == a["stance"]
    assert api.patch(f"/api/attributions/{a['id']}", json={"stance": "denies"}).status_code == 200
    assert api.post("/api/articles", json={"text": NEW_TEXT, "extract": False}).status_code == 201


def test_a_short_hold_is_waited_for(api: TestClient, database_url: str) -> None:
    a = _attribution(api)
    released = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with held_lock(database_url, a["id"]):
            holding.set()
            time.sleep(LOCK_WAIT / 3)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    r = api.patch(f"/api/attributions/{a['id']}", json={"stance": "denies"})
    holder.join()
    assert r.status_code == 200, r.text
    assert released.is_set()
    assert r.json()["stance"] == "denies"


def test_the_schema_documents_503_with_retry_after(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            busy = operation["responses"].get("503")
            assert busy is not None, (method, path)
            assert "Retry-After" in busy["headers"], (method, path)
