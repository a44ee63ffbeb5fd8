"""An API client per backend whose every request runs inside the test's rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.api.main import create_app
from app.config import Settings


def make_client(session: Session, **settings: object) -> TestClient:
    factory = sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    app = create_app(Settings(database_url="sqlite://", **settings), session_factory=factory)
    return TestClient(app)


@pytest.fixture()
def client(session: Session) -> Iterator[TestClient]:
    with make_client(session) as c:
        yield c
