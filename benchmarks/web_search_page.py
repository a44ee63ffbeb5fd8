"""Time to render the web pages (server side, HTML complete) on a filled database.

    python benchmarks/generate_attributions.py --database-url sqlite:///bench.db --attributions 100000
    python benchmarks/web_search_page.py --database-url sqlite:///bench.db [--repeat 15]

Requests go through the real ASGI app in-process (no network, no browser), so the figures are the
server's own time: queries, facets and Jinja2 rendering of a page of 50 results.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.api.main import create_app
from app.config import Settings
from app.db import make_engine
from app.migrations_support import upgrade
from app.models import Article, Attribution, Speaker


def _ids(database_url: str) -> tuple[int, int, str]:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        article = conn.scalar(select(func.max(Article.id)))
        speaker = conn.scalar(
            select(Attribution.speaker_id).group_by(Attribution.speaker_id).order_by(func.count().desc()).limit(1)
        )
        name = conn.scalar(select(Speaker.name).where(Speaker.id == speaker))
        total = conn.scalar(select(func.count()).select_from(Attribution))
    print(f"database: {total:,} attributions; busiest speaker {name!r} (id {speaker}); article {article}")
    return article, speaker, name


def _time(client: TestClient, path: str, repeat: int) -> tuple[float, float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        size = len(r.content)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], size


def long_article(repeat: int, n: int) -> None:
    """An article page of a long text with n statements, on a scratch database."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/long.db"
        upgrade(make_engine(url))
        client = TestClient(
            create_app(Settings(database_url=url, open_writes=True)),
            base_url="http://localhost",
            client=("127.0.0.1", 50000),
        )
        para = "“The {i}th sluice gate will open at dawn,” said Engineer {i}, adding that repairs were done.\n\n"
        text = "Long Report\n\n" + "".join(para.format(i=i) for i in range(n))
        article = client.post("/api/articles", json={"text": text, "extract": False}).json()
        pos = 0
        for i in range(n):
            start = text.index("The ", pos)
            end = text.index(",”", start)
            cue = text.index("said", end)
            r = client.post(
                "/api/attributions",
                json={
                    "article_id": article["id"],
                    "content": {"start": start, "end": end},
                    "cue": {"start": cue, "end": cue + 4},
                    "speaker_name": f"Engineer {i % 40}",
                    "quote_type": "direct",
                    "status": "suggested" if i % 3 else "confirmed",
                },
            )
            assert r.status_code == 201, r.text
            pos = end
        median, p95, size = _time(client, f"/articles/{article['id']}", repeat)
        label = f"/articles/N ({len(text):,} characters, {n:,} statements)"
        print(f"{label:<100} {median:>10.1f} {p95:>8.1f} {size / 1024:>6.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--long-statements", type=int, default=1000, help="Statements in the long article (0: skip).")
    args = ap.parse_args()
    article, speaker, _ = _ids(args.database_url)
    client = TestClient(
        create_app(Settings(database_url=args.database_url)), base_url="http://localhost", client=("127.0.0.1", 50000)
    )
    first = client.get("/").text
    cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', first)
    pages = [
        "/",
        "/?q=harbour budget",
        "/?anonymous=true",
        "/?outlet=Synthetic Outlet 3&anonymous=true",
        "/?speaker_kind=anonymous&quote_type=indirect&published_from=2021-06-01&published_to=2021-12-31",
        "/?sort=speaker",
        f"/?cursor={cursor.group(1)}" if cursor else "/",
        f"/speakers/{speaker}",
        f"/articles/{article}",
        "/dashboard",
        "/review",
        "/speakers",
        "/claims",
    ]
    print(f"{'page':<100} {'median ms':>10} {'p95 ms':>8} {'KB':>6}")
    for path in pages:
        median, p95, size = _time(client, path, args.repeat)
        label = path if len(path) <= 100 else path[:97] + "..."
        print(f"{label:<100} {median:>10.1f} {p95:>8.1f} {size / 1024:>6.0f}")
    if args.long_statements:
        long_article(args.repeat, args.long_statements)


if __name__ == "__main__":
    main()
