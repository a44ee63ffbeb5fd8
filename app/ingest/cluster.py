"""Cluster ingest on Dask: one task per shard of input files reads and extracts its articles on a worker;
this process writes each shard's articles in one transaction together with the shard's row in the ledger.

The writes stay in one process on purpose. Storing an article resolves its speakers against every earlier
one, looks its claims up by fingerprint and places them in clusters among all earlier claims; writers in
parallel transactions would not see each other's uncommitted speakers, outlets and claims, so they would
make duplicates (or fail on the unique fingerprints) and cluster by chance of timing. Extraction, the
expensive part, is what spreads over the cluster; one writer gives the same database a local ingest gives.
A shard is marked finished in the transaction that stores it, so after a crash a re-run skips exactly the
shards that are stored and redoes the rest (the content hash would catch a repeat anyway).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.ingest.pipeline import Ingestor, describe_error
from app.ingest.shards import Shard, read_shard
from app.ingest.sources import Problem, count_articles
from app.models import IngestShard

if TYPE_CHECKING:
    from distributed import Client

# `--cluster local`: a Dask cluster of this machine's cores.
LOCAL = "local"
# Shards in flight per worker thread: enough that no worker waits while the writer stores a result, few
# enough that results do not pile up in the cluster's memory when the writer is the slower side.
IN_FLIGHT_PER_THREAD = 2


@contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address` (tcp://host:8786), or of a new local cluster for "local"."""
    from distributed import Client, LocalCluster

    if address == LOCAL:
        with (
            LocalCluster(
                n_workers=os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(address, timeout="30s") as client:
            yield client


@dataclass
class ClusterRun:
    shards: int = 0
    skipped: int = 0  # finished by an earlier run
    stored: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (
            f"shards: {self.shards} ({self.skipped} finished before, {self.stored} stored now"
            + (f", {self.failed} failed" if self.failed else "")
            + ")"
        )


def finished(ingestor: Ingestor, shards: list[Shard]) -> set[str]:
    """The keys of the shards the ledger records as stored."""
    keys = [s.key for s in shards]
    done: set[str] = set()
    with ingestor.factory() as session:
        for i in range(0, len(keys), 500):
            done.update(session.scalars(select(IngestShard.key).where(IngestShard.key.in_(keys[i : i + 500]))))
    return done


def ingest_on_cluster(
    ingestor: Ingestor,
    client: Client,
    shards: list[Shard],
    outlet: str | None,
    extract: bool,
    fast: bool,
    on_start: Callable[[int], None] = lambda total: None,
) -> ClusterRun:
    """Extract the shards not yet finished on the cluster and write each as it comes back.

    `on_start` is told how many articles the unfinished shards hold (for a progress bar)."""
    from distributed import as_completed

    run = ClusterRun(shards=len(shards))
    done = finished(ingestor, shards)
    todo = [s for s in shards if s.key not in done]
    run.skipped = len(shards) - len(todo)
    on_start(count_articles(f for s in todo for f in s.files))
    window = max(1, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    waiting = iter(todo)
    by_key: dict[str, Shard] = {}
    futures = as_completed()

    def submit() -> None:
        shard = next(waiting, None)
        if shard is not None:
            future = client.submit(read_shard, shard, outlet, extract, fast, ingestor.max_article_bytes, pure=False)
            by_key[future.key] = shard
            futures.add(future)

    for _ in range(window):
        submit()
    for future in futures:
        shard = by_key.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:  # the task itself failed (a worker lost, an error outside one article)
            run.failed += 1
            where = f"shard of {len(shard.files)} files from {shard.files[0].path}"
            ingestor.problem(Problem(where, describe_error(exc)))
            for _ in range(count_articles(shard.files)):
                ingestor.on_article()
        else:
            ingestor.write_prepared(result.items, IngestShard(key=result.key, files=result.files))
            run.stored += 1
        future.release()
        submit()
    return run
