"""`claimbase sample`, the preparation `claimbase serve` does, and the shared annotated corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli.serve import GRACEFUL_SHUTDOWN_SECONDS
from app.models import Article, Attribution, Origin, Outlet, Status
from app.sample import sample_annotations, sample_articles
from tests.cli.conftest import Claimbase
from tests.conftest import SHARED


def test_sample_loads_once_with_outlets_dates_and_authors(claimbase: Claimbase) -> None:
    result = claimbase("sample", "--no-extract")
    assert result.exit_code == 0, result.output
    expected = sample_articles()
    assert claimbase.count(Article) == len(expected) > 0
    with claimbase.session() as s:
        stored = {a.source_name: a for a in s.scalars(select(Article))}
        for entry in expected:
            article = stored[entry["doc_id"]]
            assert article.text == entry["text"]
            assert article.outlet is not None and article.outlet.name == entry["outlet"]
            assert article.published_at is not None
            assert article.authors == entry["authors"]
    again = claimbase("sample", "--if-empty", "--no-extract")
    assert again.exit_code == 0
    assert "already holds articles" in again.stdout
    assert claimbase.count(Article) == len(expected)


def test_sample_with_its_annotations(claimbase: Claimbase) -> None:
    result = claimbase("sample", "--no-extract", "--annotations")
    assert result.exit_code == 0, result.output
    total = sum(len(a["attributions"]) for a in sample_annotations().values())
    with claimbase.session() as s:
        confirmed = s.scalar(
            select(func.count()).select_from(Attribution).where(Attribution.status == Status.confirmed)
        )
    assert confirmed == total > 0


def test_serve_migrates_loads_the_sample_and_runs_the_app_factory(
    claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("CLAIMBASE_DATABASE_URL", "sqlite:///somewhere-else.db")
    result = claimbase("serve", "--port", "8765")
    assert result.exit_code == 0, result.output
    grace = {"timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS}
    assert calls == [(("app.api.main:create_app",), {"factory": True, "host": "127.0.0.1", "port": 8765, **grace})]
    assert os.environ["CLAIMBASE_DATABASE_URL"] == claimbase.url
    assert claimbase.count(Article) == len(sample_articles())
    assert "sample corpus loaded" in result.stderr


def test_serve_open_is_for_loopback_hosts_only(claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append(kw))
    for host in ("0.0.0.0", "192.0.2.7", "::", "example.org"):
        refused = claimbase("serve", "--open", "--host", host, "--no-sample")
        assert refused.exit_code == 1 and "only on a loopback host" in refused.stderr, refused.output
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "1")
    refused = claimbase("serve", "--host", "0.0.0.0", "--no-sample")
    assert refused.exit_code == 1 and "CLAIMBASE_OPEN_WRITES=1" in refused.stderr
    assert calls == []
    for host in ("127.0.0.1", "::1", "localhost"):
        monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "0")
        assert claimbase("serve", "--open", "--host", host, "--no-sample").exit_code == 0
        assert os.environ["CLAIMBASE_OPEN_WRITES"] == "1"
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "0")
    closed = claimbase("serve", "--host", "0.0.0.0", "--no-sample")
    assert closed.exit_code == 0 and "writes need an API token" in closed.stderr
    assert "set CLAIMBASE_ALLOWED_HOSTS" in closed.stderr
    assert os.environ["CLAIMBASE_OPEN_WRITES"] == "0"
    assert [kw["host"] for kw in calls] == ["127.0.0.1", "::1", "localhost", "0.0.0.0"]


def test_serve_answers_for_the_host_it_is_bound_to(claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    monkeypatch.setenv("CLAIMBASE_ALLOWED_HOSTS", "claims.example.org")
    result = claimbase("serve", "--host", "192.0.2.7", "--no-sample")
    assert result.exit_code == 0, result.output
    assert "CLAIMBASE_ALLOWED_HOSTS" not in result.stderr
    assert os.environ["CLAIMBASE_ALLOWED_HOSTS"] == "claims.example.org,192.0.2.7"
    from app.config import Settings

    assert Settings().allowed_hosts == ["claims.example.org", "192.0.2.7"]


def test_serve_no_sample_leaves_the_database_empty(claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    monkeypatch.setenv("CLAIMBASE_DATABASE_URL", claimbase.url)
    result = claimbase("serve", "--no-sample")
    assert result.exit_code == 0, result.output
    assert claimbase.count(Article) == 0
    assert claimbase.count(Outlet) == 0


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent")
def test_shared_corpus_and_gold(claimbase: Claimbase) -> None:
    corpus, gold = SHARED / "corpus", SHARED / "gold"
    expected = sum(len(json.loads(p.read_text(encoding="utf-8"))["attributions"]) for p in gold.glob("*.json"))
    result = claimbase("ingest", str(corpus), str(gold), "--no-extract")
    assert result.exit_code == 0, result.output
    assert claimbase.count(Article) == 5
    assert expected == 123
    with claimbase.session() as s:
        rows = s.scalars(select(Attribution)).all()
        assert len(rows) == 123
        assert all(r.origin == Origin.manual and r.status == Status.confirmed for r in rows)
        texts = {a.id: a.text for a in s.scalars(select(Article))}
        assert all(texts[r.article_id][r.content_start : r.content_end] == r.content_text for r in rows)
    for path in corpus.glob("*.txt"):
        with open(path, encoding="utf-8", newline="") as fh:
            assert fh.read() in texts.values()
    again = claimbase("ingest", str(Path(corpus)), str(gold), "--no-extract")
    assert "articles: 0 new, 5 duplicate" in again.stdout
    assert "(123 already present)" in again.stdout
