"""The full-text index rebuilt from the rows finds what the triggers had indexed, on both databases."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from app.db import dialect_name, make_engine, make_sessionmaker
from app.models import Attribution
from app.queries.fts import content_matches, newest_matches
from app.store.search_index import rebuild_search_index
from tests.conftest import BACKENDS, fresh_database_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate_attributions import generate


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    gen = fresh_database_url(request.param, tmp_path)
    url = next(gen)
    generate(url, 400, per_article=20, seed=5)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    gen.close()


def _empty_the_index(session: Session) -> None:
    """What a load with the triggers set aside leaves."""
    if dialect_name(session) == "postgresql":
        session.execute(text("DELETE FROM attribution_search"))
    else:
        session.execute(text("INSERT INTO attribution_fts(attribution_fts) VALUES ('delete-all')"))


def _found(session: Session, words: list[str]) -> dict[str, tuple[list[int], int]]:
    """Per word: its newest matches (index alone) and its matches counted through the list's condition."""
    return {
        w: (
            newest_matches(session, w).ids,
            session.scalar(select(func.count()).select_from(Attribution).where(content_matches(session, w))) or 0,
        )
        for w in words
    }


def test_rebuild_finds_what_the_triggers_indexed(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        contents = [session.scalar(select(Attribution.content_text).where(Attribution.id == i)) or "" for i in (3, 50)]
        words = [c.split()[1] for c in contents]
        before = _found(session, words)
        assert all(ids for ids, _ in before.values())
        _empty_the_index(session)
        assert all(not ids for ids, _ in _found(session, words).values())
        assert rebuild_search_index(session) == session.scalar(select(func.count()).select_from(Attribution))
        assert _found(session, words) == before
        session.rollback()
