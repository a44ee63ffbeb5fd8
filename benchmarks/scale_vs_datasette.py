"""claimbase against Datasette 0.65.5 on the same SQLite file, at 100,000 to 10,000,000 attributions.

    python benchmarks/scale_vs_datasette.py --cache /work/benchdata \\
        [--sqlite-sizes 100k,1m] [--postgres-sizes 100k,1m,10m] [--requests 30] [--seconds 20] [--clients 8] \\
        [--workers 1] [--datasette-venv DIR] [--postgres-url postgresql://root@127.0.0.1] [--baseline DIR]

For each size the database is built once by generate_attributions.py (SQLite: CACHE/attributions_SIZE.db;
PostgreSQL: a database named bench_SIZE, e.g. bench_10m) and reused on later runs: then it is only
migrated to head and the aggregates are rebuilt (REBUILD_COMMANDS). A real `claimbase serve` and, for
SQLite, a real `datasette serve` of the same file answer over HTTP; each question is asked of both,
request by request in turn (single client: p50 and p95 over --requests), then by --clients concurrent
connections for --seconds each (requests per second; wrk when it is installed, else an asyncio/httpx
load generator). PostgreSQL has no Datasette counterpart: its rows show claimbase's numbers only.
claimbase is measured with its memory of repeated answers off (CLAIMBASE_RESPONSE_CACHE_MB=0: every
request runs its queries), and under load a second server with the default setting is measured too:
the same URL asked again and again, as load generators and a busy dashboard do, is then answered from
memory, which is what a user of the default gets until the data changes.

Datasette never becomes a dependency of claimbase: it is installed into a virtual environment of its
own (--datasette-venv, created with datasette==0.65.5 when missing). It is used as a researcher would:
a view joining each attribution to its article (its date, outlet and month) is added to the benchmark
file (`datasette_attributions`, dropped again before every migration), full-text search on that view
is configured with Datasette's own `fts_table`/`fts_pk` metadata over claimbase's FTS5 index, facets
are Datasette's `_facet=`, and the statistics are one SQL query each. Datasette's time limits are
raised so that it answers every question instead of timing out, `_nocount=1` spares it the full count
that claimbase's lists do not make either, and its facets are on ids (no labels: its cheapest form).
Facet sums are compared between the two once per size, so both are known to answer the same question.

--baseline DIR serves a second claimbase from another checkout (a git worktree of the commit before a
change) on the same database beside this one, and asks it the same questions in the same turns: the
table's "before" column, so before and after are measured in one run under the same load. The database is
migrated by this checkout: the baseline must be able to read it (`claimbase serve` refuses a revision it
does not know: copy the newer migration files into the baseline's migrations/versions).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_attributions import generate  # noqa: E402

DATASETTE_VERSION = "0.65.5"
VIEW = "datasette_attributions"
# Commands (claimbase subcommands) run on every cached database after it is migrated to head: whatever
# rebuilds derived data (aggregates) that a bulk load bypasses.
REBUILD_COMMANDS: list[list[str]] = [["db", "tally"]]
PAGE = 50
DEEP_PAGE = 1000
SEARCH = "harbour budget"
# Four words each common in the generated texts (a quarter of the contents or more hold each) and together in
# about 0.4% of them: a search whose matches are sparse, so no walk of the page's order finds a page soon.
SPARSE_SEARCH = "drones supplies river court"
P95_TARGET_MS = 100
FTS_TARGET_MS = 150
P95_TARGET_10M_MS = 250
THROUGHPUT_RATIO_TARGET = 5
STATS_GROUPS = ("outlet", "speaker_kind", "month", "article")


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+)([km]?)", text.strip().lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 100k, 1m, 10m)")
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1_000_000}[m.group(2)]


def size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def sizes(text: str) -> list[int]:
    return [parse_size(s) for s in text.split(",") if s.strip()]


# --- databases ---------------------------------------------------------------------------------------


def run_claimbase(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", "from app.cli.main import cli; cli()", *args], env=env, check=True)


def prepare(database_url: str, n: int) -> None:
    """Build the database when it is empty, else migrate it to head; then rebuild what a bulk load bypasses."""
    held = generate(database_url, n)
    if held != n:
        raise SystemExit(f"{database_url} holds {held:,} attributions, not {n:,}: remove it to rebuild")
    for command in REBUILD_COMMANDS:
        run_claimbase(*command, "--database-url", database_url)


def sqlite_database(cache: Path, n: int) -> Path:
    path = cache / f"attributions_{size_label(n)}.db"
    if path.exists():
        with sqlite3.connect(path) as conn:  # a view on the table would stop a batch migration copying it
            conn.execute(f"DROP VIEW IF EXISTS {VIEW}")
    prepare(f"sqlite:///{path}", n)
    with sqlite3.connect(path) as conn:
        conn.execute(
            f"CREATE VIEW {VIEW} AS SELECT a.id, a.article_id, a.speaker_id, a.claim_id, a.content_text, a.kind, "
            "a.quote_type, a.stance, a.anonymous, a.status, a.confidence, a.via_speaker_id, ar.published_at, "
            "ar.outlet_id, strftime('%Y-%m', ar.published_at) AS month "
            "FROM attribution a JOIN article ar ON ar.id = a.article_id"
        )
    return path


def postgres_database(base_url: str, n: int) -> str:
    name = f"bench_{size_label(n)}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{base_url}/{name}"
    prepare(url, n)
    return url


# --- servers -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen

    def pids(self) -> list[int]:
        """The server and its worker processes."""
        out = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            out += [int(p) for p in children.read_text().split()]
        return out


@contextmanager
def serving(
    name: str, command: list[str], port: int, probe: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[Server]:
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            if process.poll() is not None:
                raise SystemExit(f"{name} exited with code {process.returncode}: {' '.join(command)}")
            try:
                if httpx.get(base + probe, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.25)
        else:
            raise SystemExit(f"{name} did not start")
        yield Server(name, base, process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def claimbase_server(
    database_url: str, workers: int, root: Path = ROOT, keep_answers: bool = False
) -> AbstractContextManager[Server]:
    """`claimbase serve` of the checkout at `root` (this one, or --baseline's); its memory of repeated answers
    (CLAIMBASE_RESPONSE_CACHE_MB) off unless `keep_answers`, so that a question's cost is measured."""
    port = free_port()
    command = [sys.executable, "-c", "from app.cli.main import cli; cli()", "serve", "--port", str(port)]
    command += ["--database-url", database_url]
    if workers > 1:
        command += ["--workers", str(workers)]
    name = "claimbase" if root == ROOT else "baseline"
    env = {**os.environ, "PYTHONPATH": str(root)}
    if not keep_answers:
        env["CLAIMBASE_RESPONSE_CACHE_MB"] = "0"
    # `python -c` puts the working directory first on the path: the checkout's own, so its code is imported
    return serving(name, command, port, "/api/health", env, cwd=root)


def datasette_binary(venv: Path) -> Path:
    """Datasette from its own virtual environment (created, with the pinned version, when missing)."""
    binary = venv / "bin" / "datasette"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"datasette=={DATASETTE_VERSION}"], check=True)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout
    if DATASETTE_VERSION not in version:
        raise SystemExit(f"{binary} is {version.strip()}, not Datasette {DATASETTE_VERSION}")
    return binary


def datasette_server(binary: Path, path: Path, cache: Path) -> AbstractContextManager[Server]:
    metadata = cache / f"{path.stem}.metadata.json"
    tables = {VIEW: {"fts_table": "attribution_fts", "fts_pk": "id"}}
    metadata.write_text(json.dumps({"databases": {path.stem: {"tables": tables}}}))
    port = free_port()
    settings = {
        "suggest_facets": "off",
        "sql_time_limit_ms": "600000",
        "facet_time_limit_ms": "600000",
        "max_returned_rows": "100000",
    }
    command = [str(binary), "serve", str(path), "--port", str(port), "--metadata", str(metadata)]
    for key, value in settings.items():
        command += ["--setting", key, value]
    return serving("datasette", command, port, "/-/versions.json")


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_idle(server: Server, postgres: bool) -> None:
    """Until the server has finished what a load generator left in flight (it keeps computing after)."""
    for _ in range(600):
        before = cpu_seconds(server.pids())
        time.sleep(0.5)
        if cpu_seconds(server.pids()) - before < 0.05 and not (postgres and _postgres_busy()):
            return


def _postgres_busy() -> bool:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        n = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND datname LIKE 'bench\\_%%' "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
    return bool(n and n[0])


POSTGRES_ADMIN_URL = "postgresql://root@127.0.0.1/postgres"


# --- questions ---------------------------------------------------------------------------------------


@dataclass
class Question:
    name: str
    claimbase: str
    datasette: str | None
    target_ms: int
    single: list[float] = field(default_factory=list)
    single_datasette: list[float] = field(default_factory=list)
    single_baseline: list[float] = field(default_factory=list)
    rps: float | None = None
    rps_kept: float | None = None  # the shipped default: repeated answers kept until the data changes
    rps_datasette: float | None = None


def _sourcing_sql(group_by: str) -> str:
    key = {
        "outlet": "o.name",
        "speaker_kind": "s.kind",
        "month": "strftime('%Y-%m', ar.published_at)",
        "article": "ar.id",
    }[group_by]
    label = "max(ar.title)" if group_by == "article" else key
    return (
        f"SELECT {key} AS grp, {label} AS label, count(*) AS total, "
        "sum(NOT a.anonymous AND coalesce(s.kind = 'document', 0) = 0) AS named, sum(a.anonymous) AS anonymous, "
        "sum(coalesce(s.kind = 'document', 0)) AS document, "
        "sum(a.via_speaker_id IN (SELECT id FROM speaker WHERE kind = 'outlet')) AS via_outlet, "
        "sum(a.quote_type = 'direct') AS direct, sum(a.quote_type = 'indirect') AS indirect, "
        "sum(a.quote_type = 'mixed') AS mixed "
        "FROM attribution a JOIN article ar ON ar.id = a.article_id LEFT JOIN speaker s ON s.id = a.speaker_id "
        "LEFT JOIN outlet o ON o.id = ar.outlet_id "
        "WHERE a.status != 'rejected' AND a.kind IN ('speech', 'belief') GROUP BY grp ORDER BY grp"
        + (f" LIMIT {PAGE}" if group_by == "article" else "")  # claimbase's first page of articles
    )


def questions(db: str | None, deep_cursor: str, deep_next: str | None) -> list[Question]:
    """The issue's questions as claimbase API URLs and the equivalent Datasette URLs (db None: no Datasette)."""
    table = f"/{db}/{VIEW}.json?" if db else ""
    listing = [("kind__in", "speech,belief"), ("status__not", "rejected"), ("_sort_desc", "published_at")]
    listing += [("_size", str(PAGE)), ("_nocount", "1")]
    two = [("_facet", "speaker_id"), ("_facet", "outlet_id")]
    four = [*two, ("_facet", "month"), ("_facet", "quote_type")]

    def ds(*extra: tuple[str, str]) -> str | None:
        return table + urlencode([*listing, *extra]) if db else None

    out = [
        Question("first page", "/api/attributions", ds(), P95_TARGET_MS),
        Question(
            f"page {DEEP_PAGE:,} (keyset next)",
            f"/api/attributions?cursor={quote(deep_cursor)}",
            ds(("_next", deep_next)) if deep_next else None,
            P95_TARGET_MS,
        ),
        Question(
            "page + speaker, outlet facets", "/api/attributions?facet=speaker&facet=outlet", ds(*two), P95_TARGET_MS
        ),
        Question(
            "page + four facets",
            "/api/attributions?facet=speaker&facet=outlet&facet=month&facet=quote_type",
            ds(*four),
            P95_TARGET_MS,
        ),
        Question(
            "anonymous=true + facets",
            "/api/attributions?anonymous=true&facet=speaker&facet=outlet",
            ds(("anonymous", "1"), *two),
            P95_TARGET_MS,
        ),
        Question(
            f"full-text q={SEARCH!r} + facets (claimbase: of the newest 2,000 matches)",
            f"/api/attributions?q={quote(SEARCH)}&facet=speaker&facet=outlet",
            ds(("_search", SEARCH), *two),
            FTS_TARGET_MS,
        ),
        Question(
            f"sparse full-text q={SPARSE_SEARCH!r} + facets",
            f"/api/attributions?q={quote(SPARSE_SEARCH)}&facet=speaker&facet=outlet",
            ds(("_search", SPARSE_SEARCH), *two),
            FTS_TARGET_MS,
        ),
    ]
    for group in STATS_GROUPS:
        sql = f"/{db}.json?" + urlencode({"sql": _sourcing_sql(group), "_shape": "array"}) if db else None
        name = f"sourcing statistics by {group}" + (f" (first {PAGE})" if group == "article" else "")
        out.append(Question(name, f"/api/stats/sourcing?group_by={group}", sql, P95_TARGET_MS))  # 50 a page
    return out


def deep_cursor(client: httpx.Client, base: str) -> str:
    """The `next` cursor of page DEEP_PAGE - 1, found by following the cursors from page 1 as a client does."""
    cursor = None
    for _ in range(DEEP_PAGE - 1):
        r = client.get(base + "/api/attributions" + (f"?cursor={quote(cursor)}" if cursor else ""))
        r.raise_for_status()
        cursor = r.json()["next"]
        if cursor is None:
            raise SystemExit(f"fewer than {DEEP_PAGE} pages")
    assert cursor is not None
    return cursor


def datasette_deep_next(client: httpx.Client, base: str, first_page: str) -> str:
    """Datasette pages a sorted view by offset: its `next` token of page 1 is the offset, so page N's is known."""
    token = str(client.get(base + first_page).json()["next"])
    if not token.isdigit():
        raise SystemExit(f"Datasette's next token {token!r} is not an offset; walk it instead")
    return str((DEEP_PAGE - 1) * PAGE)


def check_same_question(client: httpx.Client, cb: Server, ds: Server, q: Question) -> str | None:
    """Facet sums of claimbase and Datasette agree (both count every matching row: 20 outlets < 30 shown)."""
    assert q.datasette is not None
    mine = client.get(cb.base + q.claimbase).json()["facets"]["outlet"]
    theirs = client.get(ds.base + q.datasette).json()["facet_results"]["outlet_id"]["results"]
    a, b = sum(v["count"] for v in mine), sum(v["count"] for v in theirs)
    return None if a == b else f"{q.name}: claimbase counts {a:,} rows in its outlet facet, Datasette {b:,}"


# --- measuring ---------------------------------------------------------------------------------------


def timed_get(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    r = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url}: {r.status_code} {r.text[:300]}")
    body = r.json()
    if isinstance(body, dict) and body.get("facets_timed_out"):
        raise SystemExit(f"{url}: Datasette's facets timed out ({body['facets_timed_out']}); raise its limit")
    return elapsed


def single_client(
    client: httpx.Client, q: Question, cb: Server, ds: Server | None, n: int, before: Server | None = None
) -> None:
    """n requests to each server in turn (which goes first rotates), after one warm-up request each."""
    times = {"c": q.single, "d": q.single_datasette, "b": q.single_baseline}
    for i in range(n + 1):
        pairs = [("c", cb.base + q.claimbase)]
        if ds and q.datasette:
            pairs.append(("d", ds.base + q.datasette))
        if before:
            pairs.append(("b", before.base + q.claimbase))
        pairs = pairs[i % len(pairs) :] + pairs[: i % len(pairs)]
        for who, url in pairs:
            ms = timed_get(client, url)
            if i:
                times[who].append(ms)


def wrk_rps(url: str, clients: int, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "120s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} answers were not 200 under load")
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not m:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    return float(m.group(1))


async def _httpx_rps(url: str, clients: int, seconds: int) -> float:
    done = 0
    deadline = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            r = await client.get(url)
            if r.status_code != 200:
                raise SystemExit(f"{url}: {r.status_code} under load")
            if time.perf_counter() <= deadline:
                done += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=600) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return done / min(seconds, time.perf_counter() - started)


def requests_per_second(url: str, clients: int, seconds: int) -> float:
    if shutil.which("wrk"):
        return wrk_rps(url, clients, seconds)
    return asyncio.run(_httpx_rps(url, clients, seconds))


def under_load(
    q: Question, cb: Server, kept: Server, ds: Server | None, args: argparse.Namespace, postgres: bool
) -> None:
    wait_idle(cb, postgres)
    q.rps = requests_per_second(cb.base + q.claimbase, args.clients, args.seconds)
    wait_idle(cb, postgres)
    q.rps_kept = requests_per_second(kept.base + q.claimbase, args.clients, args.seconds)
    wait_idle(kept, postgres)
    if ds and q.datasette:
        q.rps_datasette = requests_per_second(ds.base + q.datasette, args.clients, args.seconds)
        wait_idle(ds, postgres)


# --- the table ---------------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def fmt_ms(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} / {p95(values):,.0f}" if values else "–"


def ratio(a: float | None, b: float | None) -> str:
    return f"×{a / b:.1f}" if a and b else "–"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def throughput_verdict(rps: float | None, rps_datasette: float | None) -> tuple[str, str]:
    """The throughput ratio and whether it reaches the target. Datasette at 0 req/s answered no request
    within the window: the ratio has no bound then, and any throughput of claimbase's reaches it."""
    if rps and rps_datasette == 0:
        return "no Datasette answer in the window", "yes"
    return ratio(rps, rps_datasette), verdict(
        bool(rps and rps_datasette and rps >= THROUGHPUT_RATIO_TARGET * rps_datasette)
    )


def table(
    title: str, qs: list[Question], with_datasette: bool, target_ms_override: int | None = None, before: bool = False
) -> str:
    lines = [f"### {title}", ""]
    if with_datasette:
        lines += [
            "| question | claimbase p50 / p95 ms | Datasette p50 / p95 ms | faster (p50) | claimbase req/s "
            "(uncached / default) | Datasette req/s | throughput ratio (uncached / default) | p95 target met "
            "| ≥ ×5 throughput (default) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
    else:
        lines += [
            "| question | claimbase p50 / p95 ms | claimbase req/s (uncached / default) | p95 target met |",
            "|---|---|---|---|",
        ]
    if before:  # the baseline's column after the question
        lines[2] = lines[2].replace("| claimbase p50 / p95 ms |", "| before p50 / p95 ms | claimbase p50 / p95 ms |", 1)
        lines[3] += "---|"
    for q in qs:
        target = target_ms_override or q.target_ms
        met = f"{verdict(p95(q.single) < target)} (< {target})"
        if with_datasette:
            speedup = (
                ratio(statistics.median(q.single_datasette), statistics.median(q.single)) if q.single_datasette else "–"
            )
            uncached, _ = throughput_verdict(q.rps, q.rps_datasette)
            through, enough = throughput_verdict(q.rps_kept, q.rps_datasette)
            row = (
                f"| {q.name} | {fmt_ms(q.single)} | {fmt_ms(q.single_datasette)} | {speedup} "
                f"| {_rps(q.rps)} / {_rps(q.rps_kept)} | {_rps(q.rps_datasette)} | {uncached} / {through} | {met} "
                f"| {enough} |"
            )
        else:
            row = f"| {q.name} | {fmt_ms(q.single)} | {_rps(q.rps)} / {_rps(q.rps_kept)} | {met} |"
        if before:
            row = row.replace(f"| {q.name} | ", f"| {q.name} | {fmt_ms(q.single_baseline)} | ", 1)
        lines.append(row)
    return "\n".join(lines)


def _rps(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


# --- one database ------------------------------------------------------------------------------------


def bench(args: argparse.Namespace, database_url: str, n: int, sqlite_path: Path | None, datasette: Path | None) -> str:
    postgres = sqlite_path is None
    with claimbase_server(database_url, args.workers) as cb, httpx.Client(timeout=600) as client:
        cursor = deep_cursor(client, cb.base)
        ds_context = datasette_server(datasette, sqlite_path, args.cache) if sqlite_path and datasette else None
        base_context = claimbase_server(database_url, args.workers, args.baseline) if args.baseline else None
        kept_context = claimbase_server(database_url, args.workers, keep_answers=True) if args.seconds else None
        with ds_context or _nothing() as ds, base_context or _nothing() as before, kept_context or _nothing() as kept:
            deep_next = None
            db = sqlite_path.stem if sqlite_path and ds else None
            if ds:
                deep_next = datasette_deep_next(client, ds.base, questions(db, cursor, None)[0].datasette or "")
            qs = [q for q in questions(db, cursor, deep_next) if re.search(args.only, q.name)]
            notes = []
            if ds:
                for q in qs:
                    # a search's facets count its newest 2,000 matches (facets_partial), Datasette's all
                    if "facets" in q.name and "outlet" in q.claimbase and q.datasette and "q=" not in q.claimbase:
                        problem = check_same_question(client, cb, ds, q)
                        if problem:
                            notes.append(problem)
            for q in qs:
                single_client(client, q, cb, ds, args.requests, before)
                print(
                    f"  {q.name}: claimbase {fmt_ms(q.single)} ms, Datasette {fmt_ms(q.single_datasette)} ms, "
                    f"before {fmt_ms(q.single_baseline)} ms (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
            if args.seconds:
                for q in qs:
                    under_load(q, cb, kept, ds, args, postgres)
                    print(
                        f"  {q.name}: {_rps(q.rps)} req/s uncached, {_rps(q.rps_kept)} answers kept, "
                        f"Datasette {_rps(q.rps_datasette)} req/s",
                        flush=True,
                    )
    where = "PostgreSQL" if postgres else "SQLite"
    title = f"{n:,} attributions, {where} (claimbase --workers {args.workers})"
    target = P95_TARGET_10M_MS if postgres and n >= 10_000_000 else None
    title += f", load average {os.getloadavg()[0]:.1f} at the end"
    out = table(
        title, qs, with_datasette=bool(sqlite_path and datasette), target_ms_override=target, before=bool(args.baseline)
    )
    if notes:
        out += "\n\n" + "\n".join(f"- not the same question: {note}" for note in notes)
    return out


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, required=True, help="directory of the SQLite databases (kept between runs)")
    ap.add_argument("--sqlite-sizes", type=sizes, default=sizes("100k,1m"))
    ap.add_argument("--postgres-sizes", type=sizes, default=sizes("100k,1m,10m"))
    ap.add_argument("--postgres-url", default="postgresql://root@127.0.0.1", help="server; databases bench_SIZE")
    ap.add_argument(
        "--datasette-venv", type=Path, help="virtual environment with Datasette (default CACHE/datasette-venv)"
    )
    ap.add_argument("--requests", type=int, default=30, help="single-client requests per question and server")
    ap.add_argument("--seconds", type=int, default=20, help="seconds of concurrent load per question (0: none)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent connections")
    ap.add_argument("--workers", type=int, default=1, help="claimbase serve --workers")
    ap.add_argument("--only", default="", help="regular expression: the questions to ask")
    ap.add_argument(
        "--baseline", type=Path, help="another claimbase checkout served beside on the same database (before)"
    )
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    global POSTGRES_ADMIN_URL
    POSTGRES_ADMIN_URL = f"{args.postgres_url}/postgres"
    datasette = datasette_binary(args.datasette_venv or args.cache / "datasette-venv")
    tables = []
    for n in args.sqlite_sizes:
        path = sqlite_database(args.cache, n)
        print(f"SQLite, {n:,} attributions: {path}", flush=True)
        tables.append(bench(args, f"sqlite:///{path}", n, path, datasette))
        print(tables[-1], flush=True)
    for n in args.postgres_sizes:
        url = postgres_database(args.postgres_url, n)
        print(f"PostgreSQL, {n:,} attributions: {url}", flush=True)
        tables.append(bench(args, url, n, None, None))
        print(tables[-1], flush=True)
    print("\n## claimbase and Datasette 0.65.5, interleaved in one run\n")
    print(
        f"Single client: p50 / p95 over {args.requests} requests each; then {args.clients} concurrent connections for"
    )
    print(
        f"{args.seconds} s per question and server. Targets: p95 < {P95_TARGET_MS} ms (full text + facets < "
        f"{FTS_TARGET_MS} ms; 10,000,000 on PostgreSQL < {P95_TARGET_10M_MS} ms), throughput ≥ ×"
        f"{THROUGHPUT_RATIO_TARGET} Datasette's.\n"
    )
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
