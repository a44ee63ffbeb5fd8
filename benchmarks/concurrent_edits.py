"""Concurrent writes against a real uvicorn server: N PATCHes of one attribution at once (with and without a
shared If-Match) and N identical article POSTs at once; prints timings, status counts and whether the change
history is one unbroken chain.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/concurrent_edits.py                  # SQLite, a scratch file
    PYTHONPATH=$PWD .venv/bin/python benchmarks/concurrent_edits.py --postgres postgresql://root@127.0.0.1/postgres

With --postgres, a scratch database is created on that server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import httpx
import uvicorn

from app.api.main import create_app
from app.config import Settings
from app.db import make_engine
from app.migrations_support import upgrade
from benchmarks.scratch_postgres import scratch_postgres

TEXT = "“The pumps failed twice,” said Ana Brel, the engineer, on Tuesday."


@contextmanager
def scratch_database(postgres: str | None) -> Iterator[str]:
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/concurrent.db"
        return
    with scratch_postgres(postgres) as url:
        yield url


@contextmanager
def live_server(url: str) -> Iterator[str]:
    """The app (opened for writes from this machine) served by uvicorn in a thread."""
    upgrade(make_engine(url))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(database_url=url, open_writes=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def at_once(count: int, base_url: str, call: Callable[[httpx.Client, int], httpx.Response]) -> tuple[float, list]:
    """`count` threads, each with its own connection, released together; seconds until the last answer."""
    barrier = threading.Barrier(count + 1)
    answers: list[Any] = [None] * count

    def run(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=120) as http:
            barrier.wait()
            try:
                answers[i] = call(http, i)
            except httpx.HTTPError as exc:
                answers[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started, answers


def codes(answers: list) -> str:
    counts = Counter(a.status_code if isinstance(a, httpx.Response) else type(a).__name__ for a in answers)
    return " ".join(f"{n}×{code}" for code, n in sorted(counts.items(), key=lambda kv: str(kv[0])))


def chain_intact(history: list[dict[str, Any]]) -> bool:
    return all(entry["before"] == previous["after"] for previous, entry in pairwise(history))


def new_attribution(http: httpx.Client, article_text: str) -> dict[str, Any]:
    article = http.post("/api/articles", json={"text": article_text, "extract": False}).json()
    start = article_text.index("The pumps")
    body = {
        "article_id": article["id"],
        "content": {"start": start, "end": start + len("The pumps failed twice")},
        "speaker_name": "Ana Brel",
        "status": "suggested",
    }
    return http.post("/api/attributions", json=body).json()


def run(label: str, url: str, n: int) -> None:
    stances, types, statuses = (
        ["asserts", "denies", "hedged"],
        ["direct", "indirect", "mixed"],
        ["confirmed", "rejected"],
    )
    with live_server(url) as base, httpx.Client(base_url=base, timeout=60) as http:
        a = new_attribution(http, TEXT)
        path = f"/api/attributions/{a['id']}"

        def edit(h: httpx.Client, i: int) -> httpx.Response:
            change = {"stance": stances[i % 3], "quote_type": types[(i // 3) % 3], "status": statuses[i % 2]}
            return h.patch(path, json=change)

        seconds, answers = at_once(n, base, edit)
        history = http.get(f"{path}/history").json()
        print(
            f"{label:<11} {n} concurrent PATCH, no If-Match    {seconds:6.2f} s  {codes(answers):<18} "
            f"history {len(history)} entries, chain {'intact' if chain_intact(history) else 'BROKEN'}"
        )

        b = new_attribution(http, TEXT + " Again.")
        path_b = f"/api/attributions/{b['id']}"
        seen = http.get(path_b).headers["etag"]

        def guarded_edit(h: httpx.Client, i: int) -> httpx.Response:
            return h.patch(path_b, json={"stance": stances[1 + i % 2]}, headers={"If-Match": seen})

        seconds, answers = at_once(n, base, guarded_edit)
        history = http.get(f"{path_b}/history").json()
        print(
            f"{label:<11} {n} concurrent PATCH, same If-Match  {seconds:6.2f} s  {codes(answers):<18} "
            f"history {len(history)} entries, chain {'intact' if chain_intact(history) else 'BROKEN'}"
        )

        body = {"text": TEXT + " Once more, said Bo Dunn.", "extract": False}
        seconds, answers = at_once(n, base, lambda h, i: h.post("/api/articles", json=body))
        duplicates = sum(1 for r in answers if isinstance(r, httpx.Response) and r.json().get("duplicate") is True)
        ids = {r.json()["id"] for r in answers if isinstance(r, httpx.Response) and r.status_code in (200, 201)}
        print(
            f"{label:<11} {n} identical POST /api/articles   {seconds:6.2f} s  {codes(answers):<18} "
            f"duplicate: true on {duplicates}, {len(ids)} article stored"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=20, help="Concurrent requests in each round.")
    ap.add_argument("--postgres", help="A PostgreSQL server URL to create a scratch database on.")
    args = ap.parse_args()
    with scratch_database(args.postgres) as url:
        run("PostgreSQL" if args.postgres else "SQLite", url, args.requests)


if __name__ == "__main__":
    main()
