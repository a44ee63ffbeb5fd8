"""Fixtures for the web front end: a client on the rolled-back test transaction, and for browser tests
a real uvicorn server on a fresh migrated SQLite file driven by Debian's Chromium through Playwright.

Browser tests skip when Chromium or Playwright is missing, unless CLAIMBASE_REQUIRE_BROWSER=1 (CI),
where a missing browser fails them instead.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.main import create_app
from app.config import Settings
from app.db import make_engine
from app.migrations_support import upgrade
from tests.api.conftest import LOCAL, make_client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REQUIRE_BROWSER = os.environ.get("CLAIMBASE_REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture()
def client(session: Session) -> Iterator[TestClient]:
    with make_client(session) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The whole app served by uvicorn in a thread, over its own database file (opened for local writes
    unless open_writes=False is given)."""

    def __init__(self, database_url: str, **settings: Any) -> None:
        import uvicorn

        upgrade(make_engine(database_url))
        self.database_url = database_url
        self.app = create_app(Settings(database_url=database_url, **{"open_writes": True, **settings}))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def api(self, token: str | None = None) -> TestClient:
        """A client on the same app and database; it returns once a request's session is committed."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return TestClient(self.app, headers=headers, **LOCAL)

    def session(self) -> Session:
        return Session(make_engine(self.database_url), expire_on_commit=False)


def start_server(tmp_path: Path, **settings: Any) -> LiveServer:
    return LiveServer(f"sqlite:///{tmp_path / 'web.db'}", **settings).start()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium for the run; skips (or fails in CI) when it cannot be had."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install playwright pytest-playwright)"
    if missing is None and not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    if missing:
        if REQUIRE_BROWSER:
            pytest.fail(f"browser tests are required (CLAIMBASE_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(missing)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


class PageErrors(list):
    """Script errors and console errors of a page; a test ends by asserting there were none."""


@pytest.fixture()
def tab(chromium: Any) -> Iterator[Any]:
    """A fresh browser context and page (named so as not to clash with pytest-playwright's `page`)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = PageErrors()
    pg.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    pg.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.errors = errors
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        context.close()


def shot(page: Any, name: str, *, full_page: bool = True, width: int | None = None) -> Path:
    """Save a screenshot under test-artifacts/web/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if width:
        size = page.viewport_size
        page.set_viewport_size({"width": width, "height": 844})
        page.wait_for_timeout(400)  # charts resize on the next animation frames
        page.screenshot(path=str(path), full_page=full_page)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path
