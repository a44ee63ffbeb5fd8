"""Database fixtures: every schema is built by running the migrations, on SQLite and on PostgreSQL.

PostgreSQL tests run against CLAIMBASE_TEST_POSTGRES_URL (default: root on 127.0.0.1:5432, as on
these machines). They skip when no server answers, unless CLAIMBASE_REQUIRE_POSTGRES=1 (CI), where
an unreachable server fails the run instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.migrations_support import upgrade

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PG_ADMIN_URL = os.environ.get("CLAIMBASE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("CLAIMBASE_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin() -> Engine | None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return engine
    except Exception as exc:
        engine.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (CLAIMBASE_REQUIRE_POSTGRES=1) but unreachable: {exc}")
        return None


def fresh_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database of the given kind; dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'claimbase-test.db'}"
        return
    admin = _pg_admin()
    if admin is None:
        pytest.skip("no PostgreSQL server reachable")
    name = f"claimbase_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database per backend for the whole run; tests roll back what they write."""
    backend = request.param
    gen = fresh_database_url(backend, tmp_path_factory.mktemp(backend))
    url = next(gen)
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()
    gen.close()


@pytest.fixture()
def session(migrated_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = migrated_engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        transaction.rollback()
        connection.close()


@pytest.fixture()
def backend(migrated_engine: Engine) -> str:
    return migrated_engine.dialect.name


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("migrated_engine") == "postgresql":
            item.add_marker(pytest.mark.postgres)
