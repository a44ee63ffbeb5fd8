"""The migrations build the schema the models describe, and go down and up again, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db import make_engine
from app.migrations_support import current_revision, downgrade, head_revision, include_object, upgrade
from app.models import Base
from tests.conftest import BACKENDS, fresh_database_url


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path):
    gen = fresh_database_url(request.param, tmp_path)
    engine = make_engine(next(gen))
    yield engine
    engine.dispose()
    gen.close()


def test_models_and_migrations_do_not_drift(empty_engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object, "target_metadata": Base.metadata}
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_upgrade_downgrade_upgrade(empty_engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert {"article", "attribution", "speaker", "claim", "change", "api_token"} <= tables
    downgrade(empty_engine, "base")
    assert current_revision(empty_engine) is None
    left = {t for t in inspect(empty_engine).get_table_names() if t != "alembic_version"}
    assert left == set()
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def test_full_text_index_exists(empty_engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        if empty_engine.dialect.name == "sqlite":
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
            assert "attribution_fts" in names
        else:
            names = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes"))}
            assert {"ix_attribution_content_tsv", "ix_attribution_search_tsv"} <= names
            assert "ix_article_title_tsv" not in names  # no query read it (0015)


def test_the_article_text_index_comes_back_on_downgrade(empty_engine) -> None:
    """0015 drops PostgreSQL's GIN index of article texts and its downgrade builds it again (SQLite never had one)."""
    pg = empty_engine.dialect.name == "postgresql"
    index = (
        "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_article_title_tsv'"
        if pg
        else "SELECT count(*) FROM sqlite_master WHERE name = 'ix_article_title_tsv'"
    )

    def held() -> int:
        with empty_engine.connect() as conn:
            return int(conn.scalar(text(index)) or 0)

    upgrade(empty_engine, "0014")
    assert held() == int(pg)
    upgrade(empty_engine)
    assert held() == 0
    downgrade(empty_engine, "0014")
    assert held() == int(pg)


def test_attributions_stored_before_kinds_become_speech(empty_engine) -> None:
    upgrade(empty_engine, "0002")
    now = "2026-01-01 00:00:00"
    with empty_engine.begin() as conn:
        conn.execute(
            text("INSERT INTO claim (id, text, fingerprint, created_at) VALUES (1, 'x', 'f', :now)"),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO article (id, authors, text, content_hash, ingested_at) VALUES (1, '[]', 'x y', 'h', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO attribution (id, article_id, claim_id, content_start, content_end, content_text,"
                " quote_type, stance, anonymous, origin, status, edited, created_at, updated_at)"
                " VALUES (1, 1, 1, 0, 1, 'x', 'direct', 'asserts', false, 'manual', 'confirmed', false, :now, :now)"
            ),
            {"now": now},
        )
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM attribution")).scalar_one() == "speech"
    downgrade(empty_engine, "0002")
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM attribution")).scalar_one() == 1
        columns = {c["name"] for c in inspect(empty_engine).get_columns("attribution")}
        assert "kind" not in columns


def test_the_stored_kinds_are_the_extractors() -> None:
    from app.extraction.kinds import COUNTED, KINDS
    from app.models import COUNTED_KINDS, AttributionKind

    assert [k.value for k in AttributionKind] == list(KINDS)
    assert {k.value for k in COUNTED_KINDS} == set(COUNTED)


def test_aliases_stored_before_surnames_are_filled(empty_engine) -> None:
    upgrade(empty_engine, "0010")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO speaker (id, kind, name, created_at, updated_at)"
                " VALUES (1, 'person', 'John F. Kirby', :now, :now)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO speaker_alias (id, speaker_id, alias, normalized) VALUES"
                " (1, 1, 'John F. Kirby', 'john f kirby'), (2, 1, 'Rear Adm. Kirby', 'rear adm kirby'),"
                " (3, 1, '--', '--')"
            )
        )
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        rows = conn.execute(text("SELECT id, surname FROM speaker_alias ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "kirby"), (2, "kirby"), (3, None)]
    downgrade(empty_engine, "0010")
    assert "surname" not in {c["name"] for c in inspect(empty_engine).get_columns("speaker_alias")}
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM speaker_alias")).scalar_one() == 3
