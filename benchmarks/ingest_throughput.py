"""Ingest throughput: articles/s from a JSONL file into a fresh database, without and with extraction.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 2000] [--workers 1 4] [--database-url URL]

The articles are generated from invented sentences (about 1,400 characters, a dozen attributions each). Without
--database-url each run gets a new SQLite file in a temporary folder; a given URL must point to an
empty database, and it is emptied (downgraded to base) between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db import make_engine  # noqa: E402
from app.ingest.pipeline import Ingestor, extractor_available  # noqa: E402
from app.ingest.readers import jsonl_records  # noqa: E402
from app.migrations_support import downgrade, upgrade  # noqa: E402

FIRST = ["Rina", "Tomas", "Ines", "Oskar", "Leela", "Marek", "Sade", "Yannick", "Petra", "Dov"]
LAST = ["Osei", "Vell", "Marlow", "Brandt", "Kaur", "Novak", "Adeyemi", "Roux", "Lind", "Sherwin"]
TOPICS = ["the ferry timetable", "the water tariff", "the new library wing", "road repairs", "the school budget"]
ROLES = ["the transport minister", "a council spokeswoman", "the union leader", "the mayor", "an engineer"]


def article(rng: random.Random, i: int) -> dict[str, object]:
    topic = rng.choice(TOPICS)
    lines = [f"Officials Debate {topic.title()} in Report {i}", "", f"By {rng.choice(FIRST)} {rng.choice(LAST)}", ""]
    for _ in range(12):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        role = rng.choice(ROLES)
        kind = rng.randrange(3)
        if kind == 0:
            lines.append(f'"We will not change {topic} this year," said {name}, {role}, on a call with reporters.')
        elif kind == 1:
            lines.append(f"{name}, {role}, said that {topic} would be reviewed before the end of the month.")
        else:
            lines.append(f"According to {role}, the cost of {topic} rose by {rng.randrange(2, 40)} percent.")
        lines.append("")
    return {
        "doc_id": f"bench-{i}",
        "text": "\n".join(lines),
        "outlet": "Benchmark Tribune",
        "published_at": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
    }


def run(url: str, path: Path, extract: bool, workers: int) -> tuple[float, int, int]:
    engine = make_engine(url)
    upgrade(engine)
    ingestor = Ingestor(engine, workers=workers)
    start = time.perf_counter()
    ingestor.articles(jsonl_records(path, None, extract))
    elapsed = time.perf_counter() - start
    if ingestor.stats.problems:
        sys.exit(f"problems: {ingestor.stats.problems[:3]}")
    engine.dispose()
    return elapsed, ingestor.stats.new, ingestor.stats.extracted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[0, os.cpu_count() or 1],
        help="extraction process counts to compare (0: extract in the writing process)",
    )
    ap.add_argument("--database-url", help="an empty database to use (default: temporary SQLite files)")
    a = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(a.articles):
                fh.write(json.dumps(article(rng, i)) + "\n")
        chars = path.stat().st_size
        print(f"{a.articles} articles, {chars / a.articles:.0f} bytes each on average")
        runs: list[tuple[bool, int]] = [(False, 1)]
        missing = extractor_available()
        if missing is None:
            runs += [(True, w) for w in a.workers]
        else:
            print(f"extractor not available ({missing}); measuring storage only")
        for n, (extract, workers) in enumerate(runs):
            if a.database_url:
                url = a.database_url
                downgrade(make_engine(url), "base")
            else:
                url = f"sqlite:///{Path(tmp) / f'run{n}.db'}"
            elapsed, new, extracted = run(url, path, extract, workers)
            label = f"extract, {workers} worker{'s' if workers > 1 else ''}" if extract else "no extraction"
            if extract and workers == 0:
                label = "extract, in-process"
            print(
                f"{label:>22}: {new / elapsed:8.1f} articles/s ({new} articles, {extracted} attributions, "
                f"{elapsed:.1f} s)"
            )


if __name__ == "__main__":
    main()
