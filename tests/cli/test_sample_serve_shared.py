"""`claimbase sample`, the preparation `claimbase serve` does, and the shared annotated corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli.main import cli
from app.cli.serve import GRACEFUL_SHUTDOWN_SECONDS
from app.models import Article, Attribution, Change, Origin, Outlet, Speaker, Status
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


def test_serve_migrates_and_runs_the_app_factory_without_ever_loading_the_sample(
    claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("CLAIMBASE_DATABASE_URL", "sqlite:///somewhere-else.db")
    result = claimbase("serve", "--port", "8765")
    assert result.exit_code == 0, result.output
    grace = {"workers": 1, "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS}
    assert calls == [(("app.api.main:create_app",), {"factory": True, "host": "127.0.0.1", "port": 8765, **grace})]
    assert os.environ["CLAIMBASE_DATABASE_URL"] == claimbase.url
    assert os.environ["CLAIMBASE_DEMO"] == "0"
    assert claimbase.count(Article) == 0
    assert claimbase.count(Outlet) == 0
    assert "claimbase ingest" in result.stderr and "claimbase demo" in result.stderr


def test_serve_open_is_for_loopback_hosts_only(claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append(kw))
    for command in ("serve", "demo"):
        for host in ("0.0.0.0", "192.0.2.7", "::", "example.org"):
            refused = claimbase(command, "--open", "--host", host)
            assert refused.exit_code == 1 and "only on a loopback host" in refused.stderr, refused.output
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "1")
    refused = claimbase("serve", "--host", "0.0.0.0")
    assert refused.exit_code == 1 and "CLAIMBASE_OPEN_WRITES=1" in refused.stderr
    assert calls == []
    for host in ("127.0.0.1", "::1", "localhost"):
        monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "0")
        assert claimbase("serve", "--open", "--host", host).exit_code == 0
        assert os.environ["CLAIMBASE_OPEN_WRITES"] == "1"
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "0")
    closed = claimbase("serve", "--host", "0.0.0.0")
    assert closed.exit_code == 0 and "writes need an API token" in closed.stderr
    assert "set CLAIMBASE_ALLOWED_HOSTS" in closed.stderr
    assert os.environ["CLAIMBASE_OPEN_WRITES"] == "0"
    assert [kw["host"] for kw in calls] == ["127.0.0.1", "::1", "localhost", "0.0.0.0"]


def test_serve_answers_for_the_host_it_is_bound_to(claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    monkeypatch.setenv("CLAIMBASE_ALLOWED_HOSTS", "claims.example.org")
    result = claimbase("serve", "--host", "192.0.2.7")
    assert result.exit_code == 0, result.output
    assert "CLAIMBASE_ALLOWED_HOSTS" not in result.stderr
    assert os.environ["CLAIMBASE_ALLOWED_HOSTS"] == "claims.example.org,192.0.2.7"
    from app.config import Settings

    assert Settings().allowed_hosts == ["claims.example.org", "192.0.2.7"]


def test_demo_serves_the_sample_from_a_database_of_its_own(
    claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    # The researcher's own database (the environment's) is not the demo's.
    monkeypatch.setenv("CLAIMBASE_DATABASE_URL", "sqlite:///never-this-one.db")
    result = claimbase.runner.invoke(cli, ["demo", "--database-url", claimbase.url])
    assert result.exit_code == 0, result.output
    assert claimbase.count(Article) == len(sample_articles())
    assert os.environ["CLAIMBASE_DATABASE_URL"] == claimbase.url
    assert os.environ["CLAIMBASE_DEMO"] == "1"
    again = claimbase.runner.invoke(cli, ["demo", "--database-url", claimbase.url])
    assert again.exit_code == 0, again.output
    assert claimbase.count(Article) == len(sample_articles())
    # A load stopped half-way is completed the next time.
    with claimbase.session() as s:
        s.delete(s.scalars(select(Article)).first())
        s.commit()
    assert claimbase.runner.invoke(cli, ["demo", "--database-url", claimbase.url]).exit_code == 0
    assert claimbase.count(Article) == len(sample_articles())


def _own_article(claimbase: Claimbase, tmp_path: Path) -> None:
    story = tmp_path / "own.txt"
    story.write_text("“The bridge reopens in June,” said Ana Example, the mayor.\n", encoding="utf-8")
    result = claimbase("ingest", str(story), "--outlet", "Example Post", "--workers", "1")
    assert result.exit_code == 0, result.output


def test_the_demo_refuses_a_database_holding_the_researchers_articles(
    claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: pytest.fail("served a mixed database"))
    _own_article(claimbase, tmp_path)
    result = claimbase.runner.invoke(cli, ["demo", "--database-url", claimbase.url])
    assert result.exit_code == 1
    assert "--database-url" in result.stderr and "not the sample's" in result.stderr
    assert claimbase.count(Article) == 1


def test_the_sample_is_never_loaded_beside_the_researchers_articles(claimbase: Claimbase, tmp_path: Path) -> None:
    _own_article(claimbase, tmp_path)
    result = claimbase("sample", "--no-extract")
    assert result.exit_code == 1
    assert "1 articles of your own" in result.stderr
    assert claimbase.count(Article) == 1


def test_sample_remove_leaves_only_the_researchers_articles_speakers_and_outlets(
    claimbase: Claimbase, tmp_path: Path
) -> None:
    assert claimbase("sample").exit_code == 0
    _own_article(claimbase, tmp_path)  # an older claimbase mixed them like this
    with claimbase.session() as s:
        sample_outlets = {e["outlet"] for e in sample_articles()}
        assert sample_outlets <= set(s.scalars(select(Outlet.name)))
    mixed = claimbase("ingest", str(tmp_path / "own.txt"))
    assert "sample --remove" in mixed.stderr
    result = claimbase("sample", "--remove")
    assert result.exit_code == 0, result.output
    assert f"sample removed: {len(sample_articles())} articles" in result.stdout
    with claimbase.session() as s:
        assert [a.source_name for a in s.scalars(select(Article))] == ["own"]
        assert list(s.scalars(select(Outlet.name))) == ["Example Post"]
        speakers = set(s.scalars(select(Speaker.name)))
        assert any("Ana Example" in n for n in speakers), speakers
        # Every speaker left is quoted in the researcher's own article.
        quoted = set(s.scalars(select(Attribution.speaker_id)))
        assert set(s.scalars(select(Speaker.id))) <= quoted
        assert s.scalar(select(func.count()).select_from(Change).where(Change.note == "sample corpus removed")) == len(
            sample_articles()
        )
    again = claimbase("sample", "--remove")
    assert "sample removed: 0 articles" in again.stdout


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


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is absent")
def test_the_sample_appears_in_no_statistic_of_a_database_the_researcher_filled(
    claimbase: Claimbase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from app.api.main import create_app
    from app.config import Settings
    from tests.api.conftest import LOCAL

    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: None)
    assert claimbase("ingest", str(SHARED / "corpus"), "--workers", "1").exit_code == 0
    assert claimbase("serve").exit_code == 0
    sample_outlets = {e["outlet"] for e in sample_articles()}
    with TestClient(create_app(Settings(database_url=claimbase.url)), **LOCAL) as api:
        assert len(api.get("/api/articles?limit=50").json()["items"]) == 5
        outlets = api.get("/api/stats/sourcing?group_by=outlet").json()["groups"]
        assert not sample_outlets & {g["label"] for g in outlets}
        facets = api.get("/api/attributions?facet=speaker&facet=outlet&limit=1").json()["facets"]
        quoted = {v["label"] for v in facets["speaker"]}
        top = api.get("/api/speakers?sort=-attribution_count&limit=5").json()["items"]
    with claimbase.session() as s:
        sample_text = " ".join(e["text"] for e in sample_articles())
        stored = {a.text for a in s.scalars(select(Article))}
    assert not any(t in sample_text for t in stored)
    assert not sample_outlets & {v["label"] for v in facets["outlet"]}
    # Every most-quoted speaker is named in the researcher's own articles, none in the sample.
    assert all(s["name"] not in sample_text for s in top), top
    assert all(name not in sample_text for name in quoted if name and len(name.split()) > 1)
