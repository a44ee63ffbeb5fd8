"""An API client per backend whose every request runs inside the test's rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.api.main import create_app
from app.config import Settings

# Requests come from this machine, as a local researcher's browser or script would.
LOCAL = {"base_url": "http://localhost", "client": ("127.0.0.1", 50000)}


def make_client(session: Session, **settings: object) -> TestClient:
    """A client of an instance opened for local writes (`serve --open`) unless open_writes=False is given."""
    factory = sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    settings = {"open_writes": True, **settings}
    app = create_app(Settings(database_url="sqlite://", **settings), session_factory=factory)
    return TestClient(app, **LOCAL)


@pytest.fixture()
def client(session: Session) -> Iterator[TestClient]:
    with make_client(session) as c:
        yield c
