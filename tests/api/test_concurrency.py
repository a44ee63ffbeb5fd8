"""Concurrent requests against a real uvicorn server on a real database (a file for SQLite, a fresh database on
PostgreSQL), every request on its own connection: no lost update, no broken history, no 409 or 500."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BACKENDS, fresh_database_url
from tests.web.conftest import LiveServer

THREADS = 16
TEXT = "“The pumps failed twice,” said Ana Brel, the engineer, on Tuesday."


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    gen = fresh_database_url(request.param, tmp_path)
    live = LiveServer(next(gen)).start()
    try:
        yield live
    finally:
        live.stop()
        gen.close()


def at_once(count: int, call: Callable[[httpx.Client, int], httpx.Response], base_url: str) -> list[httpx.Response]:
    """Run `call` on `count` threads released together, each with its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as http:
            barrier.wait()
            try:
                results[i] = call(http, i)
            except Exception as exc:  # reported below, with the others
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    errors = [r for r in results if not isinstance(r, httpx.Response)]
    assert not errors, errors
    return results


def _attribution(http: httpx.Client) -> dict[str, Any]:
    article = http.post("/api/articles", json={"text": TEXT, "extract": False}).json()
    start = TEXT.index("The pumps")
    body = {
        "article_id": article["id"],
        "content": {"start": start, "end": start + len("The pumps failed twice")},
        "speaker_name": "Ana Brel",
        "status": "suggested",
    }
    r = http.post("/api/attributions", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def assert_history_chain(history: list[dict[str, Any]], final: dict[str, Any]) -> None:
    """Each recorded edit starts from the state the previous one left; the last one left what is stored."""
    for previous, entry in pairwise(history):
        assert entry["before"] == previous["after"], (previous, entry)
    last = history[-1]["after"]
    assert (last["stance"], last["quote_type"], last["status"]) == (
        final["stance"],
        final["quote_type"],
        final["status"],
    )


def test_identical_posts_at_once_store_one_article(server: LiveServer) -> None:
    body = {"text": TEXT, "extract": False, "title": "Pumps"}
    answers = at_once(THREADS, lambda http, i: http.post("/api/articles", json=body), server.url)
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] * (THREADS - 1) + [201], [r.text for r in answers if r.status_code not in (200, 201)]
    assert {r.json()["id"] for r in answers} == {answers[0].json()["id"]}
    assert sorted(r.json()["duplicate"] for r in answers) == [False] + [True] * (THREADS - 1)
    with httpx.Client(base_url=server.url) as http:
        assert len(http.get("/api/articles").json()["items"]) == 1


def test_edits_at_once_are_all_kept_in_one_history_chain(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        a = _attribution(http)
    stances, types, statuses = (
        ["asserts", "denies", "hedged"],
        ["direct", "indirect", "mixed"],
        ["confirmed", "rejected"],
    )

    def edit(http: httpx.Client, i: int) -> httpx.Response:
        change = {"stance": stances[i % 3], "quote_type": types[(i // 3) % 3], "status": statuses[i % 2]}
        return http.patch(f"/api/attributions/{a['id']}", json=change)

    answers = at_once(THREADS, edit, server.url)
    assert [r.status_code for r in answers] == [200] * THREADS, [r.text for r in answers if r.status_code != 200]
    with httpx.Client(base_url=server.url) as http:
        history = http.get(f"/api/attributions/{a['id']}/history").json()
        final = http.get(f"/api/attributions/{a['id']}").json()
    assert history[0]["action"] == "attribution.create"
    assert len(history) >= 2
    assert_history_chain(history, final)


def test_edits_at_once_on_one_version_let_exactly_one_through(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        a = _attribution(http)
        seen = http.get(f"/api/attributions/{a['id']}").headers["etag"]
    stances = ["denies", "hedged"]

    def edit(http: httpx.Client, i: int) -> httpx.Response:
        change = {"stance": stances[i % 2], "status": "confirmed"}
        return http.patch(f"/api/attributions/{a['id']}", json=change, headers={"If-Match": seen})

    answers = at_once(THREADS, edit, server.url)
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] + [412] * (THREADS - 1), [r.text for r in answers if r.status_code not in (200, 412)]
    winner = next(r for r in answers if r.status_code == 200)
    with httpx.Client(base_url=server.url) as http:
        stored = http.get(f"/api/attributions/{a['id']}")
        history = http.get(f"/api/attributions/{a['id']}/history").json()
    assert stored.json()["stance"] == winner.json()["stance"]
    for refused in (r for r in answers if r.status_code == 412):
        assert refused.json()["current"]["stance"] == winner.json()["stance"]
        assert refused.headers["etag"] == stored.headers["etag"] == winner.headers["etag"]
    assert [c["action"] for c in history] == ["attribution.create", "attribution.update"]
    assert_history_chain(history, stored.json())


def test_the_first_requests_that_read_the_schema_all_answer_when_they_come_at_once(server: LiveServer) -> None:
    # A repeated parameter is checked against the OpenAPI schema, which is built when first needed. FastAPI's
    # builder is not thread-safe: requests building it together were each answered 500 (KeyError).
    params = [("facet", "speaker"), ("facet", "outlet")]
    answers = at_once(THREADS, lambda http, i: http.get("/api/attributions", params=params), server.url)
    assert [a.status_code for a in answers] == [200] * THREADS
