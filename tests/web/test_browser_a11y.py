"""An automated accessibility check (axe-core, bundled with axe-playwright-python: nothing is fetched) on
every page, in the browser, with the statements, speakers, relays and review states the pages show."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli.main import cli
from tests.conftest import SHARED
from tests.web.conftest import LiveServer, start_server
from tests.web.corpus import Seeded, add_hostile, seed

pytestmark = pytest.mark.browser


# A scraped page as the extractor meets it: byline, dateline, furniture, a repeated paragraph, many speakers.
SCRAPED = (
    "Harbour Bridge Reopens\n\n"
    "By Ines Marlow\n\n"
    "PORT KELL — The harbour bridge reopened on Friday, the city council said.\n\n"
    "“We are proud of the crews,” said Mayor Ada Fenwick, who told The Valley Courier the work came in on budget.\n\n"
    "Advertisement\n\n"
    "Ms. Fenwick and other council officials said the tolls would stay.\n\n"
    "A city engineer, who was not authorized to speak publicly, said the cables had been replaced.\n\n"
    "Fenwick said the next repairs would start in May, and the engineer said the cables would last.\n\n"
    "“We are proud of the crews,” said Mayor Ada Fenwick, who told The Valley Courier the work came in on budget.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded]]:
    server = start_server(tmp_path_factory.mktemp("web-a11y"))
    with server.api() as api:
        seeded = seed(api)
        add_hostile(api)
        r = api.post("/api/articles", json={"text": SCRAPED, "outlet": "Plains Wire"})
        assert r.status_code == 201, r.text
        seeded.articles["scraped"] = r.json()
        found = api.get(f"/api/attributions?article={r.json()['id']}").json()["items"]
        assert len(found) >= 4
        # A rejected statement is shown struck through.
        assert api.patch(f"/api/attributions/{found[-1]['id']}", json={"status": "rejected"}).status_code == 200
    yield server, seeded
    server.stop()


def _pages(seeded: Seeded) -> list[str]:
    a = seeded.attributions["household"]
    relayed = seeded.attributions["relayed"]
    return [
        "/",
        "/?q=Prewitt",
        "/?anonymous=true&via=any",
        "/dashboard",
        "/review",
        "/add",
        "/token",
        "/speakers",
        "/articles",
        "/claims",
        f"/articles/{a['article']['id']}",
        f"/articles/{relayed['article']['id']}",
        f"/articles/{seeded.articles['scraped']['id']}",
        f"/speakers/{a['speaker']['id']}",
        f"/claims/{a['claim_id']}",
    ]


def _violations(tab: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def test_every_page_passes_the_accessibility_check(site: Any, tab: Any) -> None:
    server, seeded = site
    found = {}
    for path in _pages(seeded):
        tab.goto(server.url + path)
        tab.wait_for_load_state("networkidle")
        problems = _violations(tab)
        if problems:
            found[path] = problems
    assert not found, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())
    assert not tab.errors


def test_the_article_key_colours_by_speaker_as_it_says(site: Any, tab: Any) -> None:
    server, seeded = site
    tab.goto(server.url + f"/articles/{seeded.articles['scraped']['id']}")
    tint = {}
    for li in tab.locator("#att-list > li").all():
        number = li.locator(".num")
        tint[int(number.inner_text())] = (li.locator(".att-who").inner_text(), number.get_attribute("class"))
    assert len({who for who, _ in tint.values()}) >= 3
    for entry in tab.locator(".key.speakers li").all():
        swatch = entry.locator(".swatch").get_attribute("class").replace("swatch", "num")
        numbers = [int(n) for n in entry.locator(".muted").inner_text().strip("[]").split(", ")]
        # Every statement of a speaker wears the speaker's one colour, the key's.
        assert {tint[n][1] for n in numbers} == {swatch}, (entry.inner_text(), numbers)
        assert len({tint[n][0] for n in numbers}) == 1
    # Two speakers never share a tint (the neutral one aside), in the text as in the key.
    by_tint: dict[str, set[str]] = {}
    for who, cls in tint.values():
        by_tint.setdefault(cls, set()).add(who)
    assert all(len(w) == 1 for c, w in by_tint.items() if not c.endswith("sp8")), by_tint
    statement = tab.locator("#article-text .c.start").first
    number = int(statement.get_attribute("data-n"))
    assert tint[number][1].split()[-1] in statement.get_attribute("class").split()


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared seed corpus, ingested with extraction only, served."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent")
    server = LiveServer(f"sqlite:///{tmp_path_factory.mktemp('web-seed') / 'seed.db'}")
    result = CliRunner().invoke(
        cli, ["ingest", str(SHARED / "corpus"), "--database-url", server.database_url, "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    yield server.start()
    server.stop()


@pytest.mark.shared
def test_the_seed_corpus_pages_pass_and_a_typed_name_lists_that_speakers_statements(seed_site: Any, tab: Any) -> None:
    with seed_site.api() as api:
        articles = api.get("/api/articles?limit=50").json()["items"]
        top = api.get("/api/speakers?kind=person&sort=-attribution_count&limit=1").json()["items"][0]
        said = {
            i["content"]["text"] for i in api.get(f"/api/attributions?speaker={top['id']}&limit=500").json()["items"]
        }
    found = {}
    for path in [f"/articles/{a['id']}" for a in articles] + ["/speakers", "/dashboard", "/claims"]:
        tab.goto(seed_site.url + path)
        problems = _violations(tab)
        if problems:
            found[path] = problems
    assert not found, found
    # A researcher types the most-quoted person's surname into the box on the home page.
    surname = top["name"].split()[-1]
    tab.goto(seed_site.url + "/")
    tab.get_by_label("Search what was said").fill(surname)
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url(lambda url: "q=" in url)
    section = tab.locator("section.by-speaker")
    listed = [q.inner_text().strip() for q in section.locator("blockquote.claim").all()]
    assert listed and len([t for t in listed if t in said]) >= min(len(said), 5), (surname, listed)
    assert f"Said by speakers named “{surname}”" in section.get_by_role("heading").inner_text()
    assert _violations(tab) == []
    assert not tab.errors
