"""A brand-new database per test on each backend, and a runner for the `claimbase` command line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli.main import cli
from app.db import make_engine
from tests.conftest import fresh_database_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    gen = fresh_database_url(request.param, tmp_path)
    url = next(gen)
    yield url
    gen.close()


@dataclass
class Claimbase:
    url: str
    runner: CliRunner
    engine: Engine

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(cli, [*args, "--database-url", self.url])

    def count(self, model: type) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(model)) or 0

    def session(self) -> Session:
        return Session(self.engine)


@pytest.fixture()
def claimbase(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Claimbase]:
    monkeypatch.delenv("CLAIMBASE_DATABASE_URL", raising=False)
    # `serve` sets these for its app factory; set here so the test's value is undone afterwards.
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "0")
    monkeypatch.setenv("CLAIMBASE_ALLOWED_HOSTS", "")
    engine = make_engine(db_url)
    yield Claimbase(db_url, CliRunner(), engine)
    engine.dispose()
