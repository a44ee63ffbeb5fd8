"""Repeated API reads answered from memory until anyone commits a change, on both databases."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event, text

from app.api.main import create_app
from app.api.response_cache import Answer, Answers, _key, _size
from app.config import Settings
from app.data_version import DataVersion
from app.db import make_engine, make_sessionmaker
from app.models import TokenRole
from app.store.tokens import create_token
from tests.api.builders import add_article, code
from tests.api.conftest import LOCAL

TEXT = "“The locks hold,” said Ana Brel, the engineer, on Tuesday."


class Statements:
    """Counts the statements an engine sends to its database."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1


def _engine(app: FastAPI) -> Engine:
    return app.state.sessionmaker.kw["bind"]


@pytest.fixture()
def served(database_url: str) -> Iterator[tuple[TestClient, Statements]]:
    app = create_app(Settings(database_url=database_url, open_writes=True))
    with TestClient(app, **LOCAL) as client:
        yield client, Statements(_engine(app))


def _read_twice(client: TestClient, statements: Statements, url: str, **headers: str) -> tuple[int, int]:
    """Statements sent by the first and by the second of two identical requests."""
    counts = []
    for _ in range(2):
        before = statements.count
        r = client.get(url, headers=headers)
        assert r.status_code == 200, r.text
        counts.append(statements.count - before)
    return counts[0], counts[1]


RENAME = text("UPDATE speaker SET name = 'Ana Q. Brel' WHERE id = :id")


@contextmanager
def _elsewhere(database_url: str) -> Iterator[Connection]:
    """A connection the server does not hold, as an ingest running beside it writes through."""
    other = make_engine(database_url)
    try:
        with other.connect() as conn:
            yield conn
    finally:
        other.dispose()


def test_a_repeated_read_is_answered_without_the_database(served: tuple[TestClient, Statements]) -> None:
    client, statements = served
    code(client, add_article(client, TEXT), "The locks hold", "Ana Brel")
    for url in ("/api/attributions?facet=speaker", "/api/stats/sourcing?group_by=outlet", "/api/speakers"):
        first, second = _read_twice(client, statements, url)
        assert first > 0 and second == 0, url
    first = client.get("/api/attributions")
    again = client.get("/api/attributions")
    assert again.content == first.content and again.headers == first.headers


def test_a_write_through_the_api_is_seen_by_the_next_read(served: tuple[TestClient, Statements]) -> None:
    client, _ = served
    assert client.get("/api/attributions").json()["items"] == []
    made = code(client, add_article(client, TEXT), "The locks hold", "Ana Brel")
    assert [a["id"] for a in client.get("/api/attributions").json()["items"]] == [made["id"]]
    r = client.patch(f"/api/speakers/{made['speaker']['id']}", json={"name": "Ana K. Brel"})
    assert r.status_code == 200, r.text
    assert client.get("/api/attributions").json()["items"][0]["speaker"]["name"] == "Ana K. Brel"


def test_a_commit_from_another_connection_is_seen_by_the_next_read(
    served: tuple[TestClient, Statements], database_url: str
) -> None:
    """As an ingest running beside the server writes: through a connection the server does not hold."""
    client, _ = served
    made = code(client, add_article(client, TEXT), "The locks hold", "Ana Brel")
    assert client.get("/api/attributions").json()["items"][0]["speaker"]["name"] == "Ana Brel"
    with _elsewhere(database_url) as conn:
        conn.execute(RENAME, {"id": made["speaker"]["id"]})
        conn.commit()
    assert client.get("/api/attributions").json()["items"][0]["speaker"]["name"] == "Ana Q. Brel"


def test_an_uncommitted_write_elsewhere_keeps_the_answer_and_its_commit_ends_it(
    served: tuple[TestClient, Statements], database_url: str
) -> None:
    client, statements = served
    made = code(client, add_article(client, TEXT), "The locks hold", "Ana Brel")
    with _elsewhere(database_url) as conn:
        conn.execute(RENAME, {"id": made["speaker"]["id"]})
        _, second = _read_twice(client, statements, "/api/speakers")
        assert second == 0 and "Ana Brel" in client.get("/api/speakers").text
        conn.commit()
    assert "Ana Q. Brel" in client.get("/api/speakers").text


def test_what_is_never_kept(served: tuple[TestClient, Statements], database_url: str) -> None:
    client, statements = served
    code(client, add_article(client, TEXT), "The locks hold", "Ana Brel")
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        secret = create_token(session, "ana", TokenRole.reader).secret
    engine.dispose()
    # a token: the answer may depend on who asks (and the token's use is recorded)
    assert _read_twice(client, statements, "/api/attributions", authorization=f"Bearer {secret}")[1] > 0
    # the health check looks at the database every time
    assert _read_twice(client, statements, "/api/health")[1] > 0
    # a streamed export
    assert _read_twice(client, statements, "/api/export/attributions")[1] > 0
    # an error
    for _ in range(2):
        before = statements.count
        assert client.get("/api/attributions/999999").status_code == 404
        assert statements.count > before


def test_no_memory_no_keeping(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, response_cache_mb=0))
    with TestClient(app, **LOCAL) as client:
        assert _read_twice(client, Statements(_engine(app)), "/api/attributions")[1] > 0


def test_answers_of_an_older_version_are_dropped_and_the_budget_holds() -> None:
    answers = Answers(budget=100_000)
    start = {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}

    def key(path: str, query: bytes = b"") -> tuple[str, bytes, bool, str, bytes]:
        return ("http", b"h", True, path, query)

    answers.put(1, key("/api/0"), Answer(start=start, body=b"x" * 300))  # ignored: version 1 was never seen
    assert answers.get(1, key("/api/0")) is None
    small = Answer(start=start, body=b"x" * 900)
    answers.put(1, key("/api/0"), small)
    answers.put(1, key("/api/big"), Answer(start=start, body=b"x" * 10_000))  # over a tenth of the budget
    assert answers.get(1, key("/api/big")) is None and answers.get(1, key("/api/0")) is small
    for i in range(200):
        answers.put(1, key(f"/api/more/{i:03}"), small)
    assert len(answers) == 100_000 // _size(key("/api/more/000"), small)
    assert answers.get(1, key("/api/0")) is None  # the least recently used went first
    # a long query string with a short answer costs its length: an attacker's many URLs cannot outgrow it
    answers.clear(1)
    for i in range(200):
        answers.put(1, key("/api/attributions", b"q=" + b"z" * 4000 + str(i).encode()), Answer(start=start, body=b"{}"))
    assert 18 <= len(answers) <= 100_000 // 4000
    assert answers.get(2, key("/api/more/199")) is None and len(answers) == 0


def test_only_anonymous_reads_have_a_key() -> None:
    def scope(method: str = "GET", path: str = "/api/attributions", **headers: str) -> dict[str, Any]:
        pairs = [(b"host", b"localhost"), *[(k.encode(), v.encode()) for k, v in headers.items()]]
        return {
            "type": "http",
            "scheme": "https",
            "method": method,
            "path": path,
            "query_string": b"q=a",
            "headers": pairs,
            "client": ("127.0.0.1", 5000),
        }

    assert _key(scope()) == ("https", b"localhost", True, "/api/attributions", b"q=a")
    assert _key(scope(path="/dashboard")) == ("https", b"localhost", True, "/dashboard", b"q=a")
    assert _key({**scope(), "client": ("203.0.113.9", 5000)}) == (
        "https",
        b"localhost",
        False,
        "/api/attributions",
        b"q=a",
    )
    assert _key(scope("POST")) is None
    assert _key(scope(path="/static/app.css")) is None
    assert _key(scope(path="/api/health")) is None
    assert _key(scope(authorization="Bearer x")) is None
    assert _key(scope(**{"x-api-token": "x"})) is None
    assert _key(scope(cookie="claimbase_token=x")) is None


def test_pages_are_kept_apart_for_this_machine_and_others(database_url: str) -> None:
    """An opened instance offers writes to browsers on this machine only: each gets its own page."""
    app = create_app(Settings(database_url=database_url, open_writes=True))
    statements = Statements(_engine(app))
    with (
        TestClient(app, **LOCAL) as local,
        TestClient(app, base_url="http://localhost", client=("203.0.113.9", 5000)) as remote,
    ):
        first, second = _read_twice(local, statements, "/dashboard")
        assert first > 0 and second == 0
        pages = {c: c.get("/add").text for c in (local, remote)}
        assert pages[local] != pages[remote]
        assert local.get("/add").text == pages[local] and remote.get("/add").text == pages[remote]


def test_a_version_that_cannot_be_read_is_unknown_and_not_asked_again_at_once() -> None:
    tries: list[int] = []

    def down() -> None:
        tries.append(1)
        raise sqlite3.OperationalError("unable to open database file")

    version = DataVersion(down, lambda conn: 1)
    assert version.current() is None and version.current() is None
    assert len(tries) == 1  # each try may block the event loop: not again before RETRY_SECONDS
