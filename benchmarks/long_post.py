"""One long article POSTed to a running server while other clients write and read: how long, and what they saw.

    .venv/bin/python benchmarks/long_post.py [--mb 1 5] [--writers 3] [--readers 1] [--max-article-mb 2]
                                             [--database-url URL]

It starts `claimbase serve --open` on a free port (a fresh SQLite file unless --database-url is given, with
CLAIMBASE_MAX_ARTICLE_BYTES from --max-article-mb), then for each size: other clients POST short articles
(with extraction) and GET a page of attributions in a loop, while one client POSTs an article of that many
megabytes. It prints the long POST's status and time, and the other clients' requests: how many, how many
failed (and with what), and their median, p95 and slowest times.

The long article is invented (benchmarks/long_text_speed.py's paragraphs of quoted, reported and plain
sentences) or, with --text polnear, PolNeAR train texts end to end (read from ../shared at run time).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.long_text_speed import polnear_text, synthetic_text  # noqa: E402

MB = 1_000_000


def short_article(n: int) -> str:
    return synthetic_text(600, seed=n)


@dataclass
class Seen:
    times: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, seconds: float, outcome: str) -> None:
        self.times.append(seconds)
        self.outcomes[outcome] += 1

    def line(self, label: str) -> str:
        if not self.times:
            return f"  {label}: none"
        t = sorted(self.times)
        failed = sum(n for k, n in self.outcomes.items() if not k.startswith("2"))
        p95 = t[min(len(t) - 1, int(0.95 * len(t)))]
        return (
            f"  {label}: {len(t)} requests, {failed} failed {dict(self.outcomes)}; "
            f"median {statistics.median(t) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, slowest {t[-1] * 1000:.0f} ms"
        )


def client_loop(base: str, stop: threading.Event, seen: Seen, write: bool, seed: int) -> None:
    n = seed * 100_000
    with httpx.Client(base_url=base, timeout=600) as client:
        while not stop.is_set():
            n += 1
            start = time.perf_counter()
            try:
                if write:
                    r = client.post("/api/articles", json={"text": short_article(n)})
                else:
                    r = client.get("/api/attributions?limit=20")
                outcome = str(r.status_code)
                if r.status_code >= 400:
                    outcome += " " + r.json().get("error", {}).get("message", "")[:60]
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            seen.add(time.perf_counter() - start, outcome)
            time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, max_bytes: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CLAIMBASE_MAX_ARTICLE_BYTES": str(max_bytes), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-c",
        "from app.cli.main import cli; cli()",
        "serve",
        "--open",
        "--port",
        str(port),
    ]
    # The server's access log goes to a file beside the database, not among the figures.
    log = open(Path(tempfile.gettempdir()) / f"long-post-server-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([*cmd, "--database-url", url], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def long_text(mb: float, kind: str) -> str:
    """An article of about mb megabytes: invented, or PolNeAR train texts end to end (real news prose)."""
    if kind == "polnear":
        text = polnear_text(int(mb * MB))
        if text is None:
            raise SystemExit("--text polnear needs ../shared/polnear/train.jsonl")
        return text
    return synthetic_text(int(mb * MB), seed=int(mb * 1000) + int(time.time()))


def run(base: str, mb: float, writers: int, readers: int, kind: str) -> None:
    text = long_text(mb, kind)
    stop = threading.Event()
    writes, reads = Seen(), Seen()
    threads = [
        threading.Thread(target=client_loop, args=(base, stop, writes if i < writers else reads, i < writers, i))
        for i in range(writers + readers)
    ]
    for t in threads:
        t.start()
    time.sleep(2)  # the others are going before the long POST starts
    start = time.perf_counter()
    try:
        r = httpx.post(f"{base}/api/articles", json={"text": text}, timeout=7200)
        status = f"{r.status_code}" + (
            f", {len(r.json()['attributions'])} attributions"
            if r.status_code < 300
            else f": {r.json()['error']['message'][:110]}"
        )
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    elapsed = time.perf_counter() - start
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{mb:g} MB article ({len(text.encode()):,} bytes): {status} in {elapsed:.1f} s (load average {load})")
    print(writes.line(f"{writers} other writers"))
    print(reads.line(f"{readers} readers"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 5], help="Sizes of the long article, in MB.")
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--readers", type=int, default=1)
    ap.add_argument("--max-article-mb", type=float, default=2.0, help="The server's CLAIMBASE_MAX_ARTICLE_BYTES, MiB.")
    ap.add_argument("--database-url")
    ap.add_argument(
        "--text",
        choices=["invented", "polnear"],
        default="invented",
        help="The long article: invented paragraphs (a small vocabulary, so its claims resemble each other far "
        "more than a real article's), or PolNeAR train texts end to end.",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'long-post.db'}"
        port = free_port()
        server = start_server(url, port, int(args.max_article_mb * 1024 * 1024))
        print(f"server: {url.split('://')[0]}, CLAIMBASE_MAX_ARTICLE_BYTES = {args.max_article_mb:g} MiB")
        try:
            for mb in args.mb:
                run(f"http://127.0.0.1:{port}", mb, args.writers, args.readers, args.text)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
