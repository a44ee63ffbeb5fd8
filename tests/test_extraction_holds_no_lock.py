"""Extraction never runs inside a write transaction: while it works, another writer gets the lock at once.

Each extractor here first takes SQLite's write lock from another connection; it fails ("database is
locked") if the request, the ingest or the re-extraction holds a write transaction open meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import app.extraction.pipeline as extraction_pipeline
from app.api.main import create_app
from app.cli.main import cli
from app.config import Settings
from app.db import make_engine
from app.ingest.pipeline import Ingestor
from app.ingest.readers import ArticleRecord
from app.migrations_support import upgrade
from app.models import Article, Attribution
from app.store.articles import ArticleInput
from tests.api.conftest import LOCAL
from tests.cli.quote_extractor import quotes_said, quotes_said_probing_the_lock, take_write_lock


@pytest.fixture()
def db_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "lock.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    yield path


@pytest.fixture()
def probing_extract(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def extract(text: str, use_tagger: bool = True) -> object:
        take_write_lock(str(db_path))
        calls.append(len(text))
        return quotes_said(text)

    monkeypatch.setattr(extraction_pipeline, "extract", extract)
    return calls


def _text(i: int) -> str:
    return f'Ferry Notice {i}\n\n"Route {i} reopens on Monday," said Rina Osei on the pier.\n'


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        articles = s.scalar(select(func.count()).select_from(Article)) or 0
        return articles, s.scalar(select(func.count()).select_from(Attribution)) or 0


def test_the_api_extracts_before_it_writes(db_path: Path, probing_extract: list[int]) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{db_path}", open_writes=True))
    with TestClient(app, **LOCAL) as client:
        r = client.post("/api/articles", json={"text": _text(1)})
        assert r.status_code == 201, r.text
        assert len(r.json()["attributions"]) == 1
    assert probing_extract == [len(_text(1))]


@pytest.mark.parametrize("workers", [0, 2])
def test_ingest_extracts_each_batch_before_writing_it(
    db_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCK_PROBE_DB", str(db_path))
    engine = make_engine(f"sqlite:///{db_path}")
    # With workers, the next batch is extracted while one is written: the probe may wait that long, not longer.
    ingestor = Ingestor(engine, workers=workers, batch_size=3, extractor=quotes_said_probing_the_lock)
    ingestor.articles(ArticleRecord(f"item {i}", ArticleInput(text=_text(i))) for i in range(8))
    assert ingestor.stats.problems == []
    assert _counts(engine) == (8, 8)
    engine.dispose()


def test_reextract_extracts_before_it_writes(db_path: Path, probing_extract: list[int]) -> None:
    url = f"sqlite:///{db_path}"
    runner = CliRunner()
    path = db_path.parent / "notice.txt"
    path.write_text(_text(1))
    assert runner.invoke(cli, ["ingest", str(path), "--database-url", url]).exit_code == 0
    result = runner.invoke(cli, ["reextract", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "removed: 0, kept: 0, upgraded in place: 1, added: 0" in result.output  # found again: same row
    assert len(probing_extract) == 2
