"""Reading pages in a real browser: search with facets, article highlights, speaker, claim, dashboard, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from app.models import Article, Speaker
from app.store.speakers import record_role
from tests.web.conftest import LiveServer, shot, start_server
from tests.web.corpus import RESERVOIR, Seeded, add_hostile, seed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded, dict[str, Any]]]:
    server = start_server(tmp_path_factory.mktemp("web-read"))
    with server.api() as api:
        seeded = seed(api)
        hostile = add_hostile(api)
    with server.session() as s:
        oona = s.get(Speaker, seeded.attributions["household"]["speaker"]["id"])
        record_role(s, oona, s.get(Article, seeded.articles["reservoir"]["id"]), "director", "Dryton Water Utility")
        record_role(s, oona, s.get(Article, seeded.articles["relay"]["id"]), "chair", "Regional Water Board")
        s.commit()
    yield server, seeded, hostile
    server.stop()


def test_typing_a_speakers_name_lists_that_speakers_statements(site: Any, tab: Any) -> None:
    server, _, _ = site
    tab.goto(server.url + "/")
    tab.get_by_label("Search what was said").fill("Prewitt")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"q=Prewitt"))
    section = tab.locator("section.by-speaker")
    assert "Said by speakers named “Prewitt”: 4 statements" in section.get_by_role("heading").inner_text()
    said = " ".join(section.locator(".result").all_inner_texts())
    assert "We are asking every household to cut use by a fifth" in said and "supplies might last" in said
    section.locator(".speaker-hint").get_by_role("link", name="O. Prewitt").click()
    tab.wait_for_url(re.compile(r"/speakers/\d+$"))
    assert not tab.errors


def test_search_with_facets_export_and_a_bookmarkable_url(site: Any, tab: Any) -> None:
    server, _, _ = site
    tab.goto(server.url + "/")
    shot(tab, "search-home")
    tab.get_by_label("Search what was said").fill("household")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(re.compile(r"q=household"))
    assert tab.url.endswith("/?q=household")  # empty fields stay out of the shared URL
    results = tab.locator(".result")
    assert results.count() == 3  # "households" too: the search stems words
    assert "Oona Prewitt" in " ".join(results.all_inner_texts())

    tab.goto(server.url + "/")
    tab.locator("#facet-anonymous + ul").get_by_role("link", name=re.compile("anonymous")).click()
    tab.wait_for_url(re.compile(r"anonymous=true"))
    assert tab.locator(".result").count() == 1
    row = tab.locator(".result").first
    assert "the pumps had failed twice in April" in row.inner_text()
    assert row.locator(".badge.anon").inner_text() == "anonymous"
    # A second facet narrows further; the chip removes it again.
    tab.locator("#facet-outlet + ul").get_by_role("link", name=re.compile("Valley Courier")).click()
    tab.wait_for_url(re.compile(r"outlet=Valley"))
    assert "source: anonymous only" in tab.locator(".chips").inner_text()
    bookmarked = tab.url
    shot(tab, "search-facets")
    shot(tab, "search-facets-phone", width=390)

    csv_link = tab.get_by_role("link", name="CSV")
    href = csv_link.get_attribute("href")
    assert href.startswith("/api/export/attributions?") and "anonymous=true" in href and "format=csv" in href
    body = tab.request.get(server.url + href).text()
    assert "the pumps had failed twice in April" in body and "We are asking" not in body

    tab.goto(bookmarked)
    assert tab.locator(".result").count() == 1
    tab.get_by_role("link", name=re.compile("Clear all")).click()
    assert tab.locator(".result").count() == 7  # six coded statements and the hostile one
    tab.get_by_label("Order").select_option(label="oldest first")
    tab.wait_for_url(re.compile(r"sort=published_at"))
    assert "Oona Prewitt" in tab.locator(".result").first.inner_text()
    assert tab.errors == []


def test_article_highlights_and_details(site: Any, tab: Any) -> None:
    server, seeded, _ = site
    article = seeded.articles["reservoir"]
    pumps = seeded.attributions["pumps"]
    tab.goto(f"{server.url}/articles/{article['id']}")
    meta = tab.locator(".article-meta").text_content()
    assert "Valley Courier" in meta and "Ines Marlow" in meta and "2024-05-02" in meta
    assert tab.locator("#article-text").inner_text().replace("\u00a0", " ").strip() == RESERVOIR.strip()
    shot(tab, "article")

    anchor = tab.locator(f"#a{pumps['id']}")
    assert int(anchor.get_attribute("data-s")) == pumps["content"]["start"]
    assert "c" in anchor.get_attribute("class").split()
    assert tab.locator("#article-text .mention").first.inner_text() == "Oona Prewitt"
    assert tab.locator("#article-text .why").inner_text() == "she was not allowed to talk to the press"
    assert tab.locator("#article-text .cue").count() == 3

    tab.locator(f"#item-{pumps['id']} .att-link").click()
    details = tab.locator(f"#details-{pumps['id']}")
    assert details.is_visible()
    text = details.inner_text()
    assert "a hydrologist" in text and "she was not allowed to talk to the press" in text and "suggested" in text
    selected = tab.locator("#article-text .selected")
    assert "".join(selected.all_inner_texts()) == "the pumps had failed twice in April"
    assert tab.evaluate(
        "(id) => { const r = document.getElementById('a' + id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        pumps["id"],
    )
    assert tab.url.endswith(f"#a{pumps['id']}")
    shot(tab, "article-selected", full_page=False)

    # The keyboard reaches every statement: focus one, press Enter; the focus ring is visible.
    link = tab.locator(".att-link").first
    link.focus()
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.classList.contains('att-link')")
    assert tab.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    tab.keyboard.press("Enter")
    assert tab.locator(f"#details-{seeded.attributions['household']['id']}").is_visible()
    # Clicking highlighted words in the text selects their statement too.
    tab.locator(f"#a{pumps['id']}").click()
    assert "current" in tab.locator(f"#item-{pumps['id']}").get_attribute("class").split()
    shot(tab, "article-phone", width=390)
    assert tab.errors == []


def test_speaker_page_lists_statements_roles_outlets_and_filters(site: Any, tab: Any) -> None:
    server, seeded, _ = site
    speaker = seeded.attributions["household"]["speaker"]
    tab.goto(f"{server.url}/speakers/{speaker['id']}")
    assert tab.locator("h1").inner_text() == "Oona Prewitt"
    head = tab.locator(".record-head").inner_text()
    assert "3 in 2 articles" in head and "Valley Courier" in head and "Plains Wire" in head
    assert tab.locator(".result").count() == 3
    roles = tab.locator("table.roles tbody tr")
    assert roles.count() == 2 and "Regional Water Board" in roles.nth(1).inner_text()
    assert "Utility Urges Cuts" in roles.nth(1).inner_text()
    shot(tab, "speaker")
    tab.locator("#facet-stance + ul").get_by_role("link", name=re.compile("denies")).click()
    tab.wait_for_url(re.compile(r"stance=denies"))
    assert tab.locator(".result").count() == 1
    assert tab.locator(".result .badge.denied").count() == 1

    anon = seeded.attributions["pumps"]["speaker"]
    tab.goto(f"{server.url}/speakers/{anon['id']}")
    head = tab.locator(".record-head").text_content()
    assert "anonymous source" in head and "she was not allowed to talk to the press" in head
    assert "Reservoir Levels Fall Again" in head
    shot(tab, "speaker-anonymous")
    assert tab.errors == []


def test_claim_page_orders_reports_and_shows_the_relay_chain(site: Any, tab: Any) -> None:
    server, seeded, _ = site
    claim_id = seeded.attributions["household"]["claim_id"]
    assert seeded.attributions["relayed"]["claim_id"] == claim_id
    tab.goto(f"{server.url}/claims/{claim_id}")
    reports = tab.locator(".report")
    assert reports.count() == 2
    first, second = reports.nth(0), reports.nth(1)
    assert "first report" in first.inner_text() and "Valley Courier" in first.inner_text()
    assert "first report" not in second.inner_text()
    chain = [n.strip() for n in second.locator(".chain .node").all_inner_texts()]
    assert chain == ["Plains Wire", "Valley Courier", "Oona Prewitt", "the claim"]
    assert "relayed via Valley Courier" in second.inner_text()
    shot(tab, "claim")
    assert tab.errors == []


def test_dashboard_charts_link_to_the_matching_search(site: Any, tab: Any) -> None:
    server, _, _ = site
    tab.goto(server.url + "/dashboard")
    tab.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-outlets'))")
    charts = tab.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].filter(c => Chart.getChart(c)).length"
    )
    assert charts == 6
    shot(tab, "dashboard")
    shot(tab, "dashboard-phone", width=390)
    # Click the anonymous part of the Valley Courier bar, where Chart.js drew it.
    x, y = tab.evaluate(
        """() => { const c = Chart.getChart(document.getElementById('chart-outlets'));
        const i = c.data.labels.indexOf('Valley Courier'); const bar = c.getDatasetMeta(0).data[i];
        return [bar.base + (bar.x - bar.base) / 2, bar.y]; }"""
    )
    box = tab.locator("#chart-outlets").bounding_box()
    tab.mouse.click(box["x"] + x, box["y"] + y)
    tab.wait_for_url(re.compile(r"/\?.*outlet=Valley\+Courier.*anonymous=true"))
    assert tab.locator(".result").count() == 1
    tab.goto(server.url + "/dashboard")
    tab.locator("#h-stances ~ details summary").click()
    tab.locator("#h-stances ~ details").get_by_role("link", name="hedged").click()
    tab.wait_for_url(re.compile(r"stance=hedged"))
    assert "supplies might last" in tab.locator(".result").first.inner_text()
    assert tab.errors == []


def test_hostile_text_is_shown_as_text_and_never_run(site: Any, tab: Any) -> None:
    server, _, hostile = site
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(f"{server.url}/articles/{hostile['article']['id']}")
    assert tab.locator("h1").inner_text() == '<img src=x onerror="window.__pwned=3">Headline <i>x</i>'
    text = tab.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1; alert('pwned')</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert tab.locator("main script:not([type='application/json']), main img, #article-text b").count() == 0
    assert "<script>window.__pwned=4</script>Spokesman" in tab.locator(".att-list").inner_text()
    shot(tab, "hostile-article")
    for path in [
        "/",
        "/?q=nothing",
        f"/speakers/{hostile['attribution']['speaker']['id']}",
        "/dashboard",
        f"/claims/{hostile['attribution']['claim_id']}",
        "/review",
        "/articles",
        "/speakers",
    ]:
        tab.goto(server.url + path)
        assert tab.locator("main img, main i, main b").count() == 0, path
    assert tab.evaluate("() => window.__pwned") is None
    assert dialogs == []


def test_pages_send_a_content_security_policy_without_inline_scripts(site: Any, tab: Any) -> None:
    server, _, _ = site
    response = tab.goto(server.url + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
