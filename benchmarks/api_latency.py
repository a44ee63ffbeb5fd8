"""Latency of the API's heaviest list calls on a filled database (see generate_attributions.py).

    python benchmarks/api_latency.py --database-url sqlite:///bench.db [--repeat 20]

Requests go through the real ASGI app in-process (no network), so the figures are the server's own
time: query, serialization and JSON encoding.
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient

from app.api.main import create_app
from app.config import Settings

CALLS = [
    "/api/attributions",
    "/api/attributions?facet=speaker&facet=outlet",
    "/api/attributions?facet=speaker&facet=outlet&facet=month&facet=quote_type&facet=anonymous",
    "/api/attributions?anonymous=true&sort=speaker",
    "/api/attributions?q=harbour budget",
    "/api/attributions?total=true",
    "/api/speakers",
    "/api/claims?min_reports=2",
    "/api/stats/sourcing?group_by=outlet",
    "/api/stats/sourcing?group_by=month",
    "/api/review",
    "/api/review?kind=all&anonymous=true",
    "/api/attributions?sort=confidence&min_confidence=0.5",
    "/api/attributions?kind=all&facet=kind&facet=status",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    client = TestClient(
        create_app(Settings(database_url=args.database_url)), base_url="http://localhost", client=("127.0.0.1", 50000)
    )
    # Page 1 and a deep page (following next cursors) cost the same with keyset pagination.
    cursor, pages = None, 0
    for _ in range(200):
        body = client.get("/api/attributions" + (f"?cursor={cursor}" if cursor else "")).json()
        cursor, pages = body["next"], pages + 1
        if not cursor:
            break
    deep = f"/api/attributions?cursor={cursor}" if cursor else None
    print(f"{'request':88} {'median ms':>10} {'p95 ms':>8}")
    for url in [*CALLS, *([deep] if deep else [])]:
        times = []
        for i in range(args.repeat + 1):
            t = time.perf_counter()
            r = client.get(url)
            elapsed = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, (url, r.status_code, r.text[:200])
            if i:  # the first call warms caches
                times.append(elapsed)
        label = url if url != deep else f"/api/attributions?cursor=<page {pages + 1}>"
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(f"{label:88} {statistics.median(times):10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
