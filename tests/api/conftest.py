"""An API client per backend whose every request runs inside the test's rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.api.main import create_app
from app.config import Settings
from app.db import make_engine
from app.migrations_support import upgrade
from tests.conftest import fresh_database_url

# Requests come from this machine, as a local researcher's browser or script would.
LOCAL = {"base_url": "http://localhost", "client": ("127.0.0.1", 50000)}


def make_client(session: Session, **settings: object) -> TestClient:
    """A client of an instance opened for local writes (`serve --open`) unless open_writes=False is given."""
    factory = sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    settings = {"open_writes": True, **settings}
    app = create_app(Settings(database_url="sqlite://", **settings), session_factory=factory)
    return TestClient(app, **LOCAL)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    gen = fresh_database_url(request.param, tmp_path)
    url = next(gen)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    gen.close()


@pytest.fixture()
def client(session: Session) -> Iterator[TestClient]:
    with make_client(session) as c:
        yield c
