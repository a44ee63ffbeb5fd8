"""Changing things in a real browser: review decisions, corrections, added statements, merges, new articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import select_text
from tests.web.conftest import LiveServer, shot, start_server
from tests.web.corpus import Seeded, seed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded]]:
    server = start_server(tmp_path_factory.mktemp("web-edit"))
    with server.api() as api:
        seeded = seed(api)
    yield server, seeded
    server.stop()


def _get(server: LiveServer, path: str) -> Any:
    with server.api() as api:
        r = api.get(path)
        assert r.status_code == 200, r.text
        return r.json()


def test_review_queue_confirm_and_history(site: Any, tab: Any) -> None:
    server, seeded = site
    pumps = seeded.attributions["pumps"]
    tab.goto(server.url + "/review")
    assert "3 suggested statements await a decision" in tab.locator("main").inner_text()
    shot(tab, "review")
    item = tab.locator(f"#q{pumps['id']}")
    item.get_by_role("button", name="Confirm").click()
    tab.wait_for_function(f"() => document.querySelector('#q{pumps['id']} .decision').textContent === 'confirmed'")
    assert _get(server, f"/api/attributions/{pumps['id']}")["status"] == "confirmed"
    item.get_by_role("button", name="History").click()
    history = tab.locator(f"#history-{pumps['id']}")
    history.locator("li", has_text="confirmed").wait_for()
    assert "status: suggested → confirmed" in history.inner_text()
    tab.reload()
    assert tab.locator(f"#q{pumps['id']}").count() == 0
    assert tab.errors == []


def test_correct_an_attribution_in_its_article(site: Any, tab: Any) -> None:
    from playwright.sync_api import expect

    server, seeded = site
    denial = seeded.attributions["denial"]
    article = seeded.articles["reservoir"]
    tab.goto(server.url + "/review")
    tab.locator(f"#q{denial['id']}").get_by_role("link", name="Correct in article").click()
    tab.wait_for_url(re.compile(rf"/articles/{article['id']}#a{denial['id']}"))
    details = tab.locator(f"#details-{denial['id']}")
    assert details.is_visible()
    details.get_by_role("button", name="Correct…").click()
    form = tab.locator("#edit-form")
    assert form.is_visible()
    # Narrow the content to leave out "that", and give the speaker mention as written.
    text = article["text"]
    start = text.index("that the pumps had failed") + len("that ")
    # A drag that overshoots into the line break is trimmed to the words.
    select_text(tab, "the pumps had failed.\n\n", within="Prewitt denied")
    assert f"(characters {start}–{start + 21})" in tab.locator("#selection").inner_text()
    select_text(tab, "the pumps had failed", within="Prewitt denied")
    form.locator('[data-span="content"]').get_by_role("button", name="Use selected text").click()
    assert f"({start}–{start + 20})" in form.locator('[data-span="content"] .span-value').inner_text()
    select_text(tab, "Prewitt", within="Prewitt denied")
    form.locator('[data-span="speaker_mention"]').get_by_role("button", name="Use selected text").click()
    form.get_by_label("Stance").select_option("hedged")
    form.get_by_label("Change to speaker").fill("O. Pre")
    form.get_by_role("button", name=re.compile(r"^O\. Prewitt")).click()
    shot(tab, "article-correcting", full_page=False)
    form.get_by_role("button", name="Save correction").click()
    # The page reloads once the change is readable; the list then names the new speaker.
    expect(tab.locator(f"#item-{denial['id']} .att-who")).to_have_text("O. Prewitt")
    tab.locator(f"#details-{denial['id']}").wait_for(state="visible")
    after = _get(server, f"/api/attributions/{denial['id']}")
    assert after["content"] == {"text": "the pumps had failed", "start": start, "end": start + 20}
    assert after["speaker_mention"]["text"] == "Prewitt"
    assert after["stance"] == "hedged" and after["status"] == "confirmed"
    assert after["speaker"]["name"] == "O. Prewitt"
    tab.locator(f"#details-{denial['id']}").get_by_role("button", name="History").click()
    tab.locator(f"#history-{denial['id']}").get_by_text("update").wait_for()
    assert "stance: denies → hedged" in tab.locator(f"#history-{denial['id']}").inner_text()
    assert tab.errors == []


def test_a_correction_of_a_statement_changed_meanwhile_is_refused(site: Any, tab: Any) -> None:
    server, seeded = site
    courier = seeded.attributions["courier"]
    tab.goto(f"{server.url}/articles/{courier['article']['id']}#a{courier['id']}")
    tab.locator(f"#details-{courier['id']}").get_by_role("button", name="Correct…").click()
    form = tab.locator("#edit-form")
    form.get_by_label("Stance").select_option("denies")
    with server.api() as api:  # another reviewer, after this page was loaded
        assert api.patch(f"/api/attributions/{courier['id']}", json={"stance": "hedged"}).status_code == 200
    form.get_by_role("button", name="Save correction").click()
    form.locator(".form-status", has_text="Someone changed this statement").wait_for()
    assert _get(server, f"/api/attributions/{courier['id']}")["stance"] == "hedged"
    tab.errors.clear()  # the browser logs the refused request's 412
    tab.reload()
    tab.locator(f"#details-{courier['id']}").get_by_role("button", name="Correct…").click()
    form.get_by_label("Stance").select_option("denies")
    form.get_by_role("button", name="Save correction").click()
    # With the page's version current again, the correction goes through and the page reloads.
    tab.locator(f"#details-{courier['id']} dd", has_text="; denies").wait_for()
    assert _get(server, f"/api/attributions/{courier['id']}")["stance"] == "denies"
    assert tab.errors == []


def test_add_a_missed_attribution_by_selecting_text(site: Any, tab: Any) -> None:
    server, seeded = site
    article = seeded.articles["reservoir"]
    tab.goto(f"{server.url}/articles/{article['id']}")
    tab.get_by_text("Add a missed statement").click()
    form = tab.locator("#add-form")
    form.get_by_role("button", name="Add statement").click()
    assert "Choose the content" in form.locator(".form-status").inner_text()
    select_text(tab, "the restrictions came too late")
    form.locator('[data-span="content"]').get_by_role("button", name="Use selected text").click()
    select_text(tab, "complained")
    form.locator('[data-span="cue"]').get_by_role("button", name="Use selected text").click()
    select_text(tab, "Residents at a meeting")
    form.locator('[data-span="speaker_mention"]').get_by_role("button", name="Use selected text").click()
    form.get_by_label("…or a new speaker’s name").fill("Dryton residents")
    form.get_by_label("Kind of new speaker").select_option("organization")
    shot(tab, "article-adding", full_page=False)
    form.get_by_role("button", name="Add statement").click()
    tab.wait_for_url(re.compile(r"#a\d+$"))
    new_id = int(tab.url.rsplit("#a", 1)[1])
    tab.locator(f"#details-{new_id}").wait_for(state="visible")
    added = _get(server, f"/api/attributions/{new_id}")
    assert added["content"]["text"] == "the restrictions came too late"
    assert added["cue"]["text"] == "complained" and added["speaker_mention"]["text"] == "Residents at a meeting"
    assert added["speaker"]["name"] == "Dryton residents" and added["status"] == "confirmed"
    assert tab.locator(f"#a{new_id}").inner_text() == "the restrictions came too late"
    assert tab.errors == []


def test_merge_speakers_and_undo(site: Any, tab: Any) -> None:
    server, seeded = site
    oona = seeded.attributions["household"]["speaker"]
    initial = seeded.attributions["autumn"]["speaker"]
    tab.goto(f"{server.url}/speakers/{initial['id']}")
    tab.get_by_text("Merge this speaker into another").click()
    tab.get_by_label("Speaker to keep").fill("Oona")
    tab.get_by_role("button", name=re.compile(r"^Oona Prewitt")).click()
    shot(tab, "speaker-merging", full_page=False)
    tab.get_by_role("button", name="Merge", exact=True).click()
    tab.wait_for_url(f"{server.url}/speakers/{oona['id']}")
    notice = tab.locator(".notice", has_text="was merged into this speaker")
    assert "O. Prewitt" in notice.inner_text()
    assert "supplies might last until the autumn rains" in tab.locator(".result-list").inner_text()
    assert "O. Prewitt" in tab.locator(".record-head").inner_text()  # its name became an alias
    shot(tab, "speaker-merged")
    notice.get_by_role("button", name="Undo that merge").click()
    tab.wait_for_url(f"{server.url}/speakers/{initial['id']}")
    assert tab.locator("h1").inner_text() == "O. Prewitt"
    assert "supplies might last" in tab.locator(".result-list").inner_text()
    assert _get(server, f"/api/speakers/{initial['id']}")["merged_into_id"] is None
    assert tab.errors == []


def test_add_articles_by_pasting_and_uploading(site: Any, tab: Any, tmp_path: Path) -> None:
    server, _ = site
    tab.goto(server.url + "/add")
    tab.get_by_role("button", name="Add").click()
    assert "Paste a text or choose files first" in tab.locator(".form-status").inner_text()
    tab.get_by_label("Paste the article text").fill(
        "Ferry Timetable Changes\n\nThe ferry will stop running at night, the harbour master said.\n"
    )
    tab.get_by_label(re.compile("^Title")).fill("Ferry Timetable Changes")
    tab.get_by_label("Outlet").fill("Coast Gazette")
    tab.get_by_label("Published on").fill("2024-08-09")
    tab.get_by_label("Authors (comma-separated)").fill("Pell Ardent, Mira Soto")
    tab.get_by_label(re.compile("Find the statements automatically")).uncheck()
    upload = tmp_path / "bridge-note.txt"
    upload.write_text("Bridge Reopens\n\nThe bridge reopened on Friday, the council said.\n", encoding="utf-8")
    tab.get_by_label("…or upload .txt or .html files").set_input_files(str(upload))
    tab.get_by_role("button", name="Add").click()
    tab.locator(".form-status", has_text="added").wait_for(timeout=30_000)
    assert "2 added." in tab.locator(".form-status").inner_text(), tab.locator(".added").inner_text()
    shot(tab, "add-articles")
    links = tab.locator(".added a")
    assert links.count() == 2
    assert links.nth(1).inner_text() != "Ferry Timetable Changes"  # the title names the pasted text only
    links.filter(has_text="Ferry Timetable Changes").click()
    tab.wait_for_url(re.compile(r"/articles/\d+$"))
    meta = tab.locator(".article-meta").text_content()
    assert "Coast Gazette" in meta and "2024-08-09" in meta and "Pell Ardent, Mira Soto" in meta
    assert "the harbour master said" in tab.locator("#article-text").inner_text()
    tab.go_back()
    assert tab.errors == []
