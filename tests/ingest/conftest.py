"""A brand-new migrated database per test on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.db import make_engine
from app.migrations_support import upgrade
from tests.conftest import fresh_database_url


def _engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    tmp_path.mkdir()
    gen = fresh_database_url(backend, tmp_path)
    engine = make_engine(next(gen))
    upgrade(engine)
    yield engine
    engine.dispose()
    gen.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture()
def engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    yield from _engine(backend, tmp_path / "one")


@pytest.fixture()
def other_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    yield from _engine(backend, tmp_path / "other")
