"""Ingest throughput on PolNeAR train texts: articles/s into a fresh database, against the extractor's own.

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 840] [--workers N...] [--backends sqlite postgresql]
        [--extractors default fast] [--compare] [--rounds 1] [--before DIR] [--repeat 1]

First the writer alone: CPU time per article to store it, read and extracted beforehand (with the stems an
extraction worker works out, the process's word caches then emptied, as in an ingest), by the bulk writer
an article at a time (`ingest_article`, a writer of its own in a savepoint per article, as the API stores one)
and a batch at a time (`Ingestor.write_prepared`, batches of BATCH_SIZE), alternately, on fresh databases.
`--compare` then checks that both leave the same rows, table by table (the fast extractor's findings on the
same texts; with `--extractors default` alone, the default one's). Then, for each extractor (the default one
and `--fast`) and each worker count, the extractor's own throughput (the same texts through the pool ingest
uses, `extraction_pool`, nothing stored), and for each database the throughput of `Ingestor` (what
`claimbase ingest --workers N` runs: N extraction processes beside the writing one) with its share of the
extractor's own; with `--before DIR`, the same ingest by the code checked out in DIR beside it.

Every timed cell runs in a process of its own (this script, `--one`), as `claimbase ingest` does: the pool's
start (importing the extractor, loading its models) is paid in each cell, never inherited from the one
before. Each cell prints three figures. *start*: seconds from the pool's start to the first article done
(extracted; for ingest, stored), which a run pays once whatever its size. *steady*: articles/s after the
first BATCH_SIZE, i.e. (N - BATCH_SIZE) over the time from the BATCH_SIZE-th article done to the last, what a
large corpus sees (the database grows through the run, so later batches cost the writer more).
*overall*: N over the whole run, start included, the figure earlier versions of this script printed alone
(with 300 texts and two spawned workers, start-up was more than half of the fast extractor's run).
The share (%) is the ingest's steady rate over the extractor's steady rate. With `--repeat K`, each row's
cells run K times, one after another in the same order each time (the extractor alone, then each ingest), so
that a spell of load on a noisy machine falls on all of them alike; each cell then shows the median of its K
runs and, after the steady rate, the lowest and highest steady rate, and the share is of the medians.
Each figure is wall-clock time on a fresh database (a temporary SQLite file; a throwaway PostgreSQL
database at CLAIMBASE_BENCH_POSTGRES_URL, default root@127.0.0.1:5432, dropped afterwards). Skips with a
message when ../shared/polnear/train.jsonl is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or (for --before) another one, which this script runs itself in.
sys.path.insert(0, os.environ.get("CLAIMBASE_BENCH_CODE", str(ROOT)))


from sqlalchemy import DateTime, Engine, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.extraction.types import ArticleExtraction  # noqa: E402
from app.ingest.pipeline import BATCH_SIZE, Ingestor, _savepoint, extractor_available, extractor_for  # noqa: E402
from app.ingest.readers import jsonl_records  # noqa: E402
from app.migrations_support import upgrade  # noqa: E402
from app.models import Base  # noqa: E402
from app.store.articles import PreparedArticle, ingest_article, prepare_article  # noqa: E402
from app.text.propositions import content_keys  # noqa: E402
from benchmarks.scratch_postgres import scratch_postgres  # noqa: E402

TRAIN = ROOT.parent / "shared" / "polnear" / "train.jsonl"
PG_ADMIN_URL = os.environ.get("CLAIMBASE_BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres")


def write_articles(path: Path, n: int) -> int:
    """The first `n` train texts as claimbase JSONL; returns how many there were."""
    count = 0
    with TRAIN.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            if count == n:
                break
            if not line.strip():
                continue
            d = json.loads(line)
            record = {"doc_id": d["doc_id"], "text": d["text"], "title": d.get("title"), "outlet": d.get("publisher")}
            if d.get("publication_date"):
                record["published_at"] = d["publication_date"]
            out.write(json.dumps(record) + "\n")
            count += 1
    return count


@dataclass
class Timing:
    """A timed run (see the module's note): seconds to the first article done, articles/s after the first
    BATCH_SIZE, articles/s over the whole run."""

    start: float
    steady: float
    overall: float

    @classmethod
    def of(cls, began: float, done: list[float], end: float) -> Timing:
        """From the run's start, the times articles were done (in order) and its end."""
        n = len(done)
        first = min(BATCH_SIZE, n - 1)
        return cls(done[0] - began, (n - first) / (end - done[first - 1]), n / (end - began))

    @classmethod
    def median(cls, runs: list[Timing]) -> Timing:
        """Each figure's median over the runs of one cell."""
        return cls(
            statistics.median(t.start for t in runs),
            statistics.median(t.steady for t in runs),
            statistics.median(t.overall for t in runs),
        )

    @staticmethod
    def spread(runs: list[Timing]) -> str:
        """The lowest and highest steady rate of a cell run more than once, else nothing."""
        if len(runs) < 2:
            return ""
        return f" [{min(t.steady for t in runs):.1f}-{max(t.steady for t in runs):.1f}]"

    def cell(self, share_of: Timing | None = None) -> str:
        share = f" ({self.steady / share_of.steady:4.0%})" if share_of is not None else ""
        return f"{self.steady:6.1f}{share} {self.start:4.1f}s {self.overall:6.1f}"


def extractor_alone(texts: list[str], extractor: Callable[[str], ArticleExtraction], workers: int) -> Timing:
    """The extractor through the pool ingest uses, of `workers` processes (in this process for 0)."""
    from app.ingest.pipeline import extraction_pool  # not in every checkout `--before` names; not needed there

    done = []
    began = time.perf_counter()
    if workers == 0:
        for t in texts:
            extractor(t)
            done.append(time.perf_counter())
    else:
        with extraction_pool(workers) as pool:
            for _ in pool.map(extractor, texts, chunksize=4):
                done.append(time.perf_counter())
    return Timing.of(began, done, done[-1])


def extractor_cpu(texts: list[str], extractor: Callable[[str], ArticleExtraction]) -> float:
    """CPU milliseconds one process spends extracting an article (its models loaded before the timing), over
    the first 100 texts."""
    extractor(texts[0])
    sample = texts[:100]
    start = time.process_time()
    for t in sample:
        extractor(t)
    return 1000 * (time.process_time() - start) / len(sample)


@contextmanager
def fresh_database(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    with scratch_postgres(PG_ADMIN_URL) as url:
        yield url


def ingest(url: str, path: Path, extractor: Callable[[str], ArticleExtraction], workers: int) -> Timing:
    """An ingest run into a fresh database; an article is done when the writer reaches it (the ones before
    it written), the run's end is its last commit."""
    engine = make_engine(url)
    upgrade(engine)
    done: list[float] = []
    ingestor = Ingestor(
        engine, workers=workers, extractor=extractor, on_article=lambda: done.append(time.perf_counter())
    )
    began = time.perf_counter()
    ingestor.articles(jsonl_records(path, None, True))
    end = time.perf_counter()
    engine.dispose()
    if ingestor.stats.problems:
        sys.exit(f"problems: {ingestor.stats.problems[:3]}")
    return Timing.of(began, done, end)


def prepared_articles(path: Path, extractor: Callable[[str], ArticleExtraction]) -> list[PreparedArticle]:
    """The articles read and extracted, as the workers hand them to the writer (with the stems they work out)."""
    from app.ingest.pipeline import read_and_extract  # not in every checkout `--before` names; not needed there

    out = []
    for r in jsonl_records(path, None, True):
        extraction, meta, regions, stems = read_and_extract(extractor, r.data.text)
        out.append(prepare_article(r.data, extraction, (meta, regions), stems))
    return out


def write_single(engine: Engine, items: list[PreparedArticle]) -> None:
    """An article at a time: `ingest_article` (a bulk writer of its own) in a savepoint per article, a commit
    per BATCH_SIZE."""
    with Session(engine) as session:
        for i, item in enumerate(items):
            with _savepoint(session):
                ingest_article(session, item)
            if i % BATCH_SIZE == BATCH_SIZE - 1:
                session.commit()
        session.commit()


def write_bulk(engine: Engine, items: list[PreparedArticle]) -> None:
    """The bulk writer, as `claimbase ingest` runs it: a transaction per BATCH_SIZE articles."""
    ingestor = Ingestor(engine)
    for i in range(0, len(items), BATCH_SIZE):
        ingestor.write_prepared((f"item {i + j}", item) for j, item in enumerate(items[i : i + BATCH_SIZE]))
    if ingestor.stats.problems:
        sys.exit(f"problems: {ingestor.stats.problems[:3]}")


Writer = Callable[[Engine, list[PreparedArticle]], None]
WRITERS: dict[str, Writer] = {"an article at a time": write_single, "a batch at a time": write_bulk}


def writer_alone(
    url: str, items: list[PreparedArticle], write: Callable[[Engine, list[PreparedArticle]], None]
) -> float:
    """CPU milliseconds this process spends writing an article, read and extracted beforehand (and the
    stop-word list, a one-time second or two of any writing process, loaded)."""
    from app.text.propositions import forget_wordings  # not in every checkout `--before` names

    engine = make_engine(url)
    upgrade(engine)
    forget_wordings()  # the items were read in this process; a writing process has not read them
    content_keys("loads the stop-word list once, before the timing")
    start = time.process_time()
    write(engine, items)
    cpu = time.process_time() - start
    engine.dispose()
    return 1000 * cpu / max(1, len(items))


def dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in key order, without the times rows were written."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
            out[table.name] = [tuple(r) for r in conn.execute(select(*columns).order_by(*table.primary_key.columns))]
    return out


def compare_writers(backend: str, tmp: Path, items: list[PreparedArticle]) -> str:
    """Store the same articles by both writers; which tables differ (none, when they leave the same rows)."""
    dumps = []
    for write in WRITERS.values():
        with fresh_database(backend, tmp) as url:
            engine = make_engine(url)
            upgrade(engine)
            write(engine, items)
            dumps.append(dump(engine))
            engine.dispose()
    single, batch = dumps
    rows = sum(len(v) for v in single.values())
    differ = [t for t in single if single[t] != batch[t]]
    return f"{rows:,} rows in {len(single)} tables, " + (f"DIFFERENT in {differ}" if differ else "identical")


def in_own_process(code: Path, *cell: str) -> Timing:
    """One timed cell in a new process running this script (`--one`) with the code of the checkout `code`."""
    # PYTHONPATH too: the extraction workers must import that checkout's code, not the one installed editable.
    env = {**os.environ, "CLAIMBASE_BENCH_CODE": str(code.resolve()), "PYTHONPATH": str(code.resolve())}
    args = [sys.executable, __file__, "--one", *cell]
    out = subprocess.run(args, env=env, cwd=code, check=True, capture_output=True, text=True).stdout
    start, steady, overall = (float(x) for x in out.split()[-3:])
    return Timing(start, steady, overall)


def one_cell(kind: str, path: str, extractor: str, workers: str, backend: str = "") -> int:
    """`--one`: print the timing of one cell: the extractor alone, or an ingest into `backend`."""
    if kind == "alone":
        with Path(path).open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines]
        timing = extractor_alone(texts, extractor_for(extractor == "fast"), int(workers))
    else:
        with tempfile.TemporaryDirectory() as tmp, fresh_database(backend, Path(tmp)) as url:
            timing = ingest(url, Path(path), extractor_for(extractor == "fast"), int(workers))
    print(f"{timing.start} {timing.steady} {timing.overall}")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        return one_cell(*sys.argv[2:7])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=840, help="the first N train texts (840: all)")
    ap.add_argument(
        "--workers", type=int, nargs="+", help="extraction process counts (default: `claimbase ingest`'s for each)"
    )
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    ap.add_argument("--extractors", nargs="+", default=["default", "fast"], choices=["default", "fast"])
    ap.add_argument("--compare", action="store_true", help="check that both writers leave the same rows")
    ap.add_argument("--rounds", type=int, default=1, help="writer-alone runs of each writer, alternately")
    ap.add_argument("--before", type=Path, help="a checkout of the code before: its ingest runs beside each one")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each timed cell, interleaved; medians shown")
    a = ap.parse_args()
    from app.cli.ingest import DEFAULT_WORKERS, FAST_WORKERS  # this checkout's defaults (not in every `--before`)

    if not TRAIN.is_file():
        print(f"skipped: {TRAIN} is absent")
        return 0
    missing = extractor_available()
    if missing is not None:
        print(f"skipped: the extractor is not available ({missing})")
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "articles.jsonl"
        n = write_articles(path, a.articles)
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
        load = os.getloadavg()[0]
        print(f"{n} PolNeAR train texts, {sum(len(t) for t in texts) / n:,.0f} characters each on average; ")
        print(f"{os.cpu_count()} CPU cores, load average {load:.2f} at the start")
        which = "default" if a.extractors == ["default"] else "fast"
        items = prepared_articles(path, extractor_for(which == "fast")) if a.rounds else []
        for backend in a.backends if a.rounds else ():
            cpu: dict[str, list[float]] = {name: [] for name in WRITERS}
            for _ in range(a.rounds):
                for name, write in WRITERS.items():
                    with fresh_database(backend, tmp) as url:
                        cpu[name].append(writer_alone(url, items, write))
            cells = ", ".join(f"{name} {'/'.join(f'{ms:.1f}' for ms in runs)}" for name, runs in cpu.items())
            print(f"writer alone on {backend}, ms CPU per article ({which} extractor's findings): {cells}")
            if a.compare:
                print(f"  both writers on {backend}: {compare_writers(backend, tmp, items)}")
        for name in a.extractors:
            ms = extractor_cpu(texts, extractor_for(name == "fast"))
            cores = os.cpu_count() or 1
            ceiling = cores * 1000 / ms
            print(
                f"{name} extractor in one process: {ms:.1f} ms CPU an article "
                f"(so at most {ceiling:.1f} art/s on {cores} cores)"
            )
        here = Path(os.environ.get("CLAIMBASE_BENCH_CODE", str(ROOT)))
        # The ingest cells of a row: each backend, by the code before (with --before) and by this code.
        runs = [(b, code) for b in a.backends for code in ((a.before, here) if a.before is not None else (here,))]
        columns = [b if a.before is None else f"{b} {'before' if code == a.before else 'after'}" for b, code in runs]
        print("each cell: steady art/s (ingest: its share of the extractor's steady rate), start s, overall art/s")
        print(f"{'extractor':>9} {'workers':>7} {'extractor alone':>22} " + " ".join(f"{c:>28}" for c in columns))
        for name in a.extractors:
            for workers in a.workers or [FAST_WORKERS if name == "fast" else DEFAULT_WORKERS]:
                alone_runs: list[Timing] = []
                ingest_runs: list[list[Timing]] = [[] for _ in runs]
                for _ in range(max(1, a.repeat)):
                    alone_runs.append(in_own_process(here, "alone", str(path), name, str(workers)))
                    for held, (backend, code) in zip(ingest_runs, runs, strict=True):
                        held.append(in_own_process(code, "ingest", str(path), name, str(workers), backend))
                alone = Timing.median(alone_runs)
                cells = [f"{Timing.median(held).cell(alone)}{Timing.spread(held)}" for held in ingest_runs]
                row = f"{alone.cell()}{Timing.spread(alone_runs)}"
                print(f"{name:>9} {workers:>7} {row:>22} " + " ".join(f"{c:>28}" for c in cells))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
