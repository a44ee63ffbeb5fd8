"""The cost of page 1 and of a deep page of the attribution list, for every sort (keyset paging).

    python benchmarks/keyset_depth.py --database-url sqlite:///bench.db [--attributions 1000000] \\
        [--page 1000] [--limit 50] [--repeat 15]

The database is built by generate_attributions.py when it is empty (else only migrated). For each sort the
cursors are followed from page 1 to page --page, as a client does; then page 1 and the deep page are asked
for --repeat times each, in turn, and the median milliseconds of each and their ratio are printed (the
goal: a deep page within twice the cost of page 1).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_attributions import generate
from sqlalchemy.orm import Session

from app.db import make_engine, make_sessionmaker
from app.queries.attributions import AttributionFilters, AttributionSort, page_ids


def _ms(session: Session, f: AttributionFilters, sort: AttributionSort, limit: int, cursor: str | None) -> float:
    started = time.perf_counter()
    page_ids(session, f, sort, limit, cursor)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--attributions", type=int, default=1_000_000, help="size of the database built when empty")
    ap.add_argument("--page", type=int, default=1000, help="the deep page compared with page 1")
    ap.add_argument("--limit", type=int, default=50, help="page size (the API's default)")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    held = generate(args.database_url, args.attributions)
    engine = make_engine(args.database_url)
    f = AttributionFilters()
    print(f"{held:,} attributions, {args.limit} a page: median ms of page 1 and page {args.page:,} (sort by ...)")
    print(f"| sort | page 1 | page {args.page:,} | ratio | walk to it (s) |")
    print("|---|---|---|---|---|")
    with make_sessionmaker(engine)() as session:
        for sort in AttributionSort:
            started = time.perf_counter()
            cursor = None
            for _ in range(args.page - 1):
                cursor = page_ids(session, f, sort, args.limit, cursor).next
                if cursor is None:
                    raise SystemExit(f"fewer than {args.page} pages")
            walk = time.perf_counter() - started
            first: list[float] = []
            deep: list[float] = []
            for _ in range(args.repeat):
                first.append(_ms(session, f, sort, args.limit, None))
                deep.append(_ms(session, f, sort, args.limit, cursor))
            a, b = statistics.median(first), statistics.median(deep)
            print(f"| {sort.value} | {a:.2f} | {b:.2f} | {b / a:.2f} | {walk:.1f} |", flush=True)
    engine.dispose()


if __name__ == "__main__":
    main()
