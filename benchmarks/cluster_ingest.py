"""Ingest throughput locally against on a Dask cluster: PolNeAR train texts as .txt files into a fresh database.

    .venv/bin/python benchmarks/cluster_ingest.py [--articles 200] [--fast] [--cluster local|tcp://host:8786]
        [--backends postgresql sqlite] [--shard-files 10]

Runs `claimbase ingest` twice on the same files, each into a fresh database: with local extraction processes
(`--workers`, the number of CPU cores) and with `--cluster` (default `local`: a cluster of this machine's
cores, so the two compare the engines on the same hardware). Each figure is wall-clock articles/s of the
whole command, cluster start included; the cluster's start is also timed alone. A throwaway PostgreSQL
database at CLAIMBASE_BENCH_POSTGRES_URL (default root@127.0.0.1:5432) is dropped afterwards.
Skips with a message when ../shared/polnear/train.jsonl is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ingest_throughput import TRAIN, fresh_database  # noqa: E402


def write_texts(folder: Path, n: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with TRAIN.open(encoding="utf-8") as src:
        for line in src:
            if count == n:
                break
            if line.strip():
                d = json.loads(line)
                (folder / f"{count:05d}.txt").write_text(d["text"], encoding="utf-8")
                count += 1
    return count


def run_ingest(url: str, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMBASE_DATABASE_URL": url}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from app.cli.main import cli; cli()", "ingest", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ingest failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def cluster_start(address: str) -> float:
    from app.ingest.cluster import dask_client

    start = time.perf_counter()
    with dask_client(address) as client:
        client.wait_for_workers(1)
        elapsed = time.perf_counter() - start
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--fast", action="store_true", help="the fast extractor")
    ap.add_argument("--cluster", default="local")
    ap.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"], choices=["sqlite", "postgresql"])
    ap.add_argument("--shard-files", type=int, default=10)
    a = ap.parse_args()
    if not TRAIN.is_file():
        print(f"skipped: {TRAIN} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        n = write_texts(tmp / "texts", a.articles)
        extra = ["--fast"] if a.fast else []
        print(f"{n} PolNeAR train texts, {'fast' if a.fast else 'default'} extractor, {os.cpu_count()} CPU cores")
        print(f"load average {os.getloadavg()[0]:.2f} at the start")
        print(f"cluster {a.cluster} starts in {cluster_start(a.cluster):.1f} s")
        for backend in a.backends:
            with fresh_database(backend, tmp) as url:
                local = run_ingest(url, [str(tmp / "texts"), *extra])
            with fresh_database(backend, tmp) as url:
                on_cluster = run_ingest(
                    url, [str(tmp / "texts"), "--cluster", a.cluster, "--shard-files", str(a.shard_files), *extra]
                )
            print(
                f"{backend:>10}: local processes {n / local:6.1f} art/s ({local:.0f} s); "
                f"cluster {n / on_cluster:6.1f} art/s ({on_cluster:.0f} s)"
            )
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
