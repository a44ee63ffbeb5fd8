"""The pages with kinds and confidence: the review queue least certain first, the kind facet in search."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.builders import add_article, suggest

TEXT = (
    "Ferry Strike Looms\n\n"
    "The ferries will stop on Monday, a union steward said. Crews fear the new rota is unsafe. "
    "The union plans a second vote. Ticket data show bookings have halved. "
    "Ola Venn, a skipper, said the talks had stalled.\n"
)
PIECES = [
    ("The ferries will stop on Monday", "speech", 0.88),
    ("the new rota is unsafe", "belief", 0.31),
    ("a second vote", "intention", 0.52),
    ("bookings have halved", "evidence", 0.74),
    ("the talks had stalled", "speech", 0.57),
]


def _queue_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="queue-item" id="q(\d+)"', page)]


def test_review_page_shows_the_least_certain_first_and_offers_other_orders(
    client: TestClient, session: Session
) -> None:
    art = add_article(client, TEXT)
    ids = dict(zip([p[0] for p in PIECES], suggest(session, art["id"], PIECES), strict=True))
    page = client.get("/review").text
    assert "3 suggested statements await a decision" in page
    expected = [ids["the new rota is unsafe"], ids["the talks had stalled"], ids["The ferries will stop on Monday"]]
    assert _queue_ids(page) == expected
    assert '<option value="?" selected>least certain first</option>' in page
    assert "confidence 0.31" in page
    newest = client.get("/review?sort=-confidence").text
    assert _queue_ids(newest) == list(reversed(expected))
    every = client.get("/review?kind=all").text
    assert ids["a second vote"] in _queue_ids(every) and ">intention</li>" in every
    assert _queue_ids(client.get("/review?min_confidence=0.5").text) == expected[1:]
    # A filter value the page cannot use is dropped with a message, never an error page.
    r = client.get("/review?min_confidence=lots&kind=rumour")
    assert r.status_code == 200 and "min confidence:" in r.text and _queue_ids(r.text) == expected


def test_search_has_a_kind_facet_and_a_way_to_every_kind(client: TestClient, session: Session) -> None:
    art = add_article(client, TEXT)
    suggest(session, art["id"], PIECES)
    page = client.get("/").text
    assert 'id="facet-kind"' in page and "bookings have halved" not in page
    assert 'href="?kind=all"' in page
    every = client.get("/?kind=all").text
    assert "bookings have halved" in every and "a second vote" in every
    evidence = client.get("/?kind=evidence").text
    assert "bookings have halved" in evidence and "The ferries will stop on Monday" not in evidence
    sure = client.get("/?min_confidence=0.8").text
    assert "The ferries will stop on Monday" in sure and "the talks had stalled" not in sure
    dashboard = client.get("/dashboard?min_confidence=0.8").text
    assert "1 statements matching the filters" in dashboard
