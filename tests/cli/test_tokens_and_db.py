"""`claimbase token ...` (only hashes stored) and `claimbase db ...` (migrations up and down)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, func, inspect, select, text

from app.cli.main import cli
from app.migrations_support import current_revision, head_revision
from app.models import ApiToken, Attribution, AttributionTally, TokenRole
from app.store.tokens import verify_token
from tests.cli.conftest import Claimbase


def test_token_create_list_revoke(claimbase: Claimbase) -> None:
    assert claimbase("db", "upgrade").exit_code == 0
    created = claimbase("token", "create", "--name", "Annotation team", "--role", "editor")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("cb_") and len(secret) > 30
    with claimbase.session() as s:
        token = s.scalars(select(ApiToken)).one()
        assert token.role == TokenRole.editor
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        stored = [str(v) for v in (token.name, token.token_hash, token.prefix)]
        assert all(secret not in v for v in stored)
        assert verify_token(s, secret) is not None
    listed = claimbase("token", "list")
    assert listed.exit_code == 0
    assert "Annotation team" in listed.stdout and "editor" in listed.stdout
    assert secret not in listed.stdout
    revoked = claimbase("token", "revoke", str(token.id))
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert "writes are refused until a token is created" in revoked.stderr
    with claimbase.session() as s:
        assert verify_token(s, secret) is None
    assert "no active tokens" in claimbase("token", "list").stdout
    assert "Annotation team" in claimbase("token", "list", "--all").stdout
    missing = claimbase("token", "revoke", "999")
    assert missing.exit_code == 1 and "no token with id 999" in missing.stderr
    assert claimbase("token", "create", "--name", "x", "--role", "owner").exit_code == 2
    blank = claimbase("token", "create", "--name", "  ", "--role", "admin")
    assert blank.exit_code == 1 and "--name is empty" in blank.stderr


def test_db_upgrade_current_downgrade(claimbase: Claimbase) -> None:
    assert "none (empty database)" in claimbase("db", "current").stdout
    up = claimbase("db", "upgrade")
    assert up.exit_code == 0, up.output
    assert current_revision(claimbase.engine) == head_revision()
    assert f"{head_revision()} (head)" in claimbase("db", "current").stdout
    down = claimbase("db", "downgrade", "base")
    assert down.exit_code == 0, down.output
    assert current_revision(claimbase.engine) is None
    assert "article" not in inspect(claimbase.engine).get_table_names()
    bad = claimbase("db", "upgrade", "nosuchrevision")
    assert bad.exit_code == 1
    assert "nosuchrevision" in bad.stderr and "Traceback" not in bad.output
    assert claimbase("db", "upgrade", "head").exit_code == 0
    assert current_revision(claimbase.engine) == head_revision()


def test_db_tally_rebuilds_the_counts_a_bulk_load_bypassed(claimbase: Claimbase) -> None:
    assert "claimbase db upgrade" in claimbase("db", "tally").stderr  # an empty database is refused
    assert claimbase("db", "upgrade").exit_code == 0
    assert claimbase("sample").exit_code == 0
    with claimbase.session() as s:
        counted = s.scalar(select(func.sum(AttributionTally.n)))
        assert counted and counted == s.scalar(select(func.count()).select_from(Attribution))
        s.execute(delete(AttributionTally))  # as a load with the triggers set aside leaves it
    done = claimbase("db", "tally")
    assert done.exit_code == 0, done.output
    assert "tallies rebuilt" in done.stdout and "full-text index rebuilt" in done.stdout
    with claimbase.session() as s:
        assert s.scalar(select(func.sum(AttributionTally.n))) == counted
        if claimbase.engine.dialect.name == "postgresql":  # the rows the rebuild replaced are reclaimed
            vacuumed = "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'attribution_search'"
            assert s.scalar(text(vacuumed)) is not None


def test_unreachable_database_is_one_line(claimbase: Claimbase, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/no/such/folder/x.db"
    result = claimbase.runner.invoke(cli, ["db", "current", "--database-url", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_url_from_environment_else_local_file(
    claimbase: Claimbase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = claimbase.runner.invoke(cli, ["db", "upgrade"], env={"CLAIMBASE_DATABASE_URL": claimbase.url})
    assert result.exit_code == 0, result.output
    assert current_revision(claimbase.engine) == head_revision()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMBASE_DATABASE_URL", raising=False)
    result = claimbase.runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "claimbase.db").is_file()
