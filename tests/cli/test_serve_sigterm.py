"""`claimbase serve` stops within a few seconds of SIGTERM, even while a request is still extracting."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.serve import GRACEFUL_SHUTDOWN_SECONDS
from app.db import make_engine
from app.models import Article

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Rina Osei", "Tomas Vell", "Ines Marlow", "Oskar Brandt"]


def _long_text(paragraphs: int) -> str:
    """Invented statements, enough of them that extracting takes far longer than the test waits."""
    lines = ["Harbour Council Hears Everyone", ""]
    for i in range(paragraphs):
        lines.append(f'"The ferry timetable for week {i} is final," said {NAMES[i % 4]}, the harbour master.')
        lines.append(f"{NAMES[(i + 1) % 4]} said that the repairs of pier {i} would wait until spring.")
        lines.append("")
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_during_a_slow_request_stops_the_server_within_seconds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMBASE_MAX_ARTICLE_BYTES": str(8 * 1024 * 1024)}
    code = "from app.cli.main import cli; cli()"
    args = ["serve", "--open", "--port", str(port), "--database-url", url]
    server = subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        text = _long_text(3000)  # about 400 KB: minutes of extraction
        answers: list[object] = []

        def post() -> None:
            try:
                answers.append(httpx.post(f"{base}/api/articles", json={"text": text}, timeout=600).status_code)
            except httpx.HTTPError as exc:
                answers.append(type(exc).__name__)

        client = threading.Thread(target=post)
        client.start()
        time.sleep(3)  # the request is in the extractor by now
        assert not answers, f"the long request ended too soon: {answers}"
        start = time.perf_counter()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=GRACEFUL_SHUTDOWN_SECONDS + 10)
        stopped = time.perf_counter() - start
        client.join(30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert stopped < GRACEFUL_SHUTDOWN_SECONDS + 3, f"the server took {stopped:.1f} s to stop"
    assert server.returncode in (0, -signal.SIGTERM)  # uvicorn ends by re-raising the signal it handled
    assert answers and answers[0] != 201  # the client learns the request did not complete
    engine = make_engine(url)
    with Session(engine) as session:  # nothing half-stored: extraction runs before any write
        assert session.scalar(select(func.count()).select_from(Article)) == 0
    engine.dispose()
