"""`claimbase serve` stops within a few seconds of SIGTERM, even while a request is still extracting."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.serve import GRACEFUL_SHUTDOWN_SECONDS
from app.db import make_engine
from app.models import Article
from tests.cli.server_process import start_serve

NAMES = ["Rina Osei", "Tomas Vell", "Ines Marlow", "Oskar Brandt"]


def _long_text(paragraphs: int) -> str:
    """Invented statements, enough of them that extracting takes far longer than the test waits."""
    lines = ["Harbour Council Hears Everyone", ""]
    for i in range(paragraphs):
        lines.append(f'"The ferry timetable for week {i} is final," said {NAMES[i % 4]}, the harbour master.')
        lines.append(f"{NAMES[(i + 1) % 4]} said that the repairs of pier {i} would wait until spring.")
        lines.append("")
    return "\n".join(lines)


def test_sigterm_during_a_slow_request_stops_the_server_within_seconds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    env = {**os.environ, "CLAIMBASE_MAX_ARTICLE_BYTES": str(8 * 1024 * 1024)}
    server, base = start_serve(["--open", "--database-url", url], env, tmp_path)
    try:
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
    assert stopped < GRACEFUL_SHUTDOWN_SECONDS + 5, f"the server took {stopped:.1f} s to stop"
    assert server.returncode in (0, -signal.SIGTERM)  # uvicorn ends by re-raising the signal it handled
    assert answers and answers[0] != 201  # the client learns the request did not complete
    engine = make_engine(url)
    with Session(engine) as session:  # nothing half-stored: extraction runs before any write
        assert session.scalar(select(func.count()).select_from(Article)) == 0
    engine.dispose()
