"""Claim clusters in a real browser: the timeline, the marked differences (escaped), split and merge."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests.api.builders import add_article, code
from tests.api.test_claim_clusters import CUT, FIRST, QUOTE, SECOND
from tests.conftest import SHARED
from tests.web.conftest import LiveServer, shot, start_server

pytestmark = pytest.mark.browser

HOSTILE_FIRST = (
    "Pier Notice\n\nThe <b>pier</b> will close for 12 weeks from June & reopen in the autumn, engineers said.\n"
)
HOSTILE_SECOND = (
    "Pier Update\n\nThe <b>pier</b> will close for about 12 weeks from June & reopen in the autumn, a clerk said.\n"
)
HOSTILE_CUT = "The <b>pier</b> will close for about 12 weeks from June & reopen in the autumn"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    server = start_server(tmp_path_factory.mktemp("web-clusters"))
    with server.api() as api:
        first = add_article(api, FIRST, published_at="2026-03-01T09:00:00", outlet="Island Courier")
        second = add_article(api, SECOND, published_at="2026-03-02T09:00:00", outlet="Sound Gazette")
        made = {
            "q1": code(api, first, QUOTE, "Ines Moreau"),
            "q2": code(api, second, QUOTE, "Ines Moreau"),
            "cut": code(api, second, CUT, "a union official", kind="anonymous"),
        }
        h1 = add_article(api, HOSTILE_FIRST, published_at="2026-04-01T09:00:00")
        h2 = add_article(api, HOSTILE_SECOND, published_at="2026-04-02T09:00:00")
        code(api, h1, HOSTILE_CUT.replace("about ", ""), "engineers", kind="anonymous")
        made["hostile"] = code(api, h2, HOSTILE_CUT, "a clerk", kind="anonymous")
    yield server, made
    server.stop()


def _cluster(server: LiveServer, claim_id: int) -> dict[str, Any]:
    with server.api() as api:
        return api.get(f"/api/claims/{claim_id}").json()["cluster"]


def _wait(condition: Any, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the change never became visible"
        time.sleep(0.2)


def _settle_page(tab: Any, reports: int) -> None:
    """The page reloads itself after the write; on a slow machine it may reload once more here."""
    try:
        tab.wait_for_function(f"() => document.querySelectorAll('#cluster ol.timeline > li').length === {reports}")
    except Exception:
        tab.reload()
        assert tab.locator("#cluster ol.timeline > li").count() == reports


def test_the_claim_page_shows_the_timeline_and_marks_what_changed(site: Any, tab: Any) -> None:
    server, made = site
    tab.goto(f"{server.url}/claims/{made['cut']['claim_id']}")
    reports = tab.locator("#cluster ol.timeline > li")
    assert reports.count() == 2
    assert "first report" in reports.nth(0).locator(".badge").inner_text()
    assert "Stated by the article itself" in reports.nth(0).inner_text()
    assert reports.nth(1).locator(".badge").inner_text() == "variant"
    assert reports.nth(1).locator("mark.diff-word").all_inner_texts() == ["about"]
    assert "Island Courier" in reports.nth(0).locator(".chain").inner_text()
    shot(tab, "claim-cluster")
    assert tab.errors == []


def test_differences_of_hostile_text_are_shown_as_text(site: Any, tab: Any) -> None:
    server, made = site
    tab.goto(f"{server.url}/claims/{made['hostile']['claim_id']}")
    second = tab.locator("#cluster ol.timeline > li").nth(1)
    assert second.locator("blockquote.diff b").count() == 0
    assert "<b>pier</b>" in second.locator("blockquote.diff").nth(1).inner_text()
    assert "about" in second.locator("mark.diff-word").all_inner_texts()
    assert tab.errors == []


def test_merge_then_split_from_the_claim_page(site: Any, tab: Any) -> None:
    server, made = site
    quoted = _cluster(server, made["q1"]["claim_id"])["id"]
    reworded = _cluster(server, made["cut"]["claim_id"])["id"]
    tab.goto(f"{server.url}/claims/{made['cut']['claim_id']}")
    tab.locator("#cluster-edit summary").click()
    tab.fill("#merge-into", str(quoted))
    tab.locator("#merge-cluster-form button[type=submit]").click()
    _wait(lambda: _cluster(server, made["cut"]["claim_id"])["id"] == quoted)
    _settle_page(tab, 4)
    tab.locator("#cluster-edit summary").click()
    row = tab.locator("#split-form label", has_text=QUOTE)
    row.locator("input").check()
    tab.locator("#split-form button[type=submit]").click()
    _wait(lambda: _cluster(server, made["q1"]["claim_id"])["id"] != quoted)
    _settle_page(tab, 2)
    assert _cluster(server, made["q1"]["claim_id"])["id"] not in (quoted, reworded)
    assert _cluster(server, made["cut"]["claim_id"])["id"] != _cluster(server, made["q1"]["claim_id"])["id"]
    with server.api() as api:
        actions = [c["action"] for c in api.get("/api/changes", params={"entity_type": "cluster"}).json()["items"]]
    assert actions == ["cluster.split", "cluster.merge"]
    assert tab.errors == []


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is absent")
def test_seed_corpus_variant_is_shown_with_its_differing_words(tmp_path_factory: Any, tab: Any) -> None:
    from app.models import Claim
    from app.store.articles import ArticleInput, ingest_article

    server = start_server(tmp_path_factory.mktemp("web-seed-clusters"))
    try:
        with server.session() as session:
            for path in sorted((SHARED / "corpus").iterdir()):
                if path.suffix == ".txt":
                    ingest_article(session, ArticleInput(text=path.read_text(encoding="utf-8"), source_name=path.stem))
            session.commit()
            claim_ids = list(session.scalars(select(Claim.id).where(Claim.cluster_label == "variant")))
        figure = re.compile(r"\d")
        with server.api() as api:
            found = []
            for claim_id in claim_ids:
                cluster = api.get(f"/api/claims/{claim_id}").json()["cluster"]
                articles = {r["article"]["id"] for r in cluster["reports"]}
                if len(articles) == 2 and all(figure.search(r["content"]["text"]) for r in cluster["reports"]):
                    found.append(claim_id)
        assert len(found) == 1
        tab.goto(f"{server.url}/claims/{found[0]}")
        reports = tab.locator("#cluster ol.timeline > li")
        assert "first report" in reports.nth(0).locator(".badge").inner_text()
        assert reports.nth(1).locator(".badge").inner_text() == "variant"
        assert reports.nth(1).locator("mark.diff-word").count() > 0
        shot(tab, "claim-cluster-seed")
        assert tab.errors == []
    finally:
        server.stop()
