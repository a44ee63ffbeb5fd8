"""The review queue: suggestions awaiting a decision, least certain first, keyset-paged."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.builders import add_article, code, suggest

TEXT = (
    "Dredging Resumes\n\n"
    "Dredging resumed at dawn, a harbour pilot said. The channel is too shallow, pilots believe. "
    "The council wants a new survey. Mayor Ona Brisk said the cost was fair. "
    "A diver said the wreck had shifted. The port plans to reopen in June.\n"
)
PIECES = [
    ("Dredging resumed at dawn", "speech", 0.93),
    ("The channel is too shallow", "belief", 0.41),
    ("a new survey", "intention", 0.12),
    ("the cost was fair", "speech", 0.67),
    ("the wreck had shifted", "speech", 0.28),
    ("to reopen in June", "intention", 0.35),
]


def _queue(client: TestClient, query: str = "", limit: int = 2) -> list[dict]:
    items, cursor = [], None
    while True:
        r = client.get(f"/api/review?limit={limit}&{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next"]
        if not cursor:
            return items


def test_the_queue_puts_the_least_certain_suggestions_first(client: TestClient, session: Session) -> None:
    art = add_article(client, TEXT, published_at="2024-06-01T00:00:00")
    ids = dict(zip([p[0] for p in PIECES], suggest(session, art["id"], PIECES), strict=True))
    # Decided rows leave the queue: a confirmed one, a rejected one, one coded by hand.
    client.patch(f"/api/attributions/{ids['the wreck had shifted']}", json={"status": "confirmed"})
    client.patch(f"/api/attributions/{ids['Dredging resumed at dawn']}", json={"status": "rejected"})
    code(client, art, "the wreck had shifted", "A diver")
    queue = _queue(client)
    assert [i["content"]["text"] for i in queue] == ["The channel is too shallow", "the cost was fair"]
    assert [i["confidence"] for i in queue] == [0.41, 0.67]
    every_kind = _queue(client, "kind=all")
    assert [i["confidence"] for i in every_kind] == [0.12, 0.35, 0.41, 0.67]
    assert [i["confidence"] for i in _queue(client, "kind=all&sort=-confidence")] == [0.67, 0.41, 0.35, 0.12]
    assert [i["confidence"] for i in _queue(client, "kind=all&min_confidence=0.4")] == [0.41, 0.67]
    r = client.get("/api/review?kind=all&total=true&limit=1").json()
    assert r["total"] == 4 and len(r["items"]) == 1 and r["next"]


def test_the_queue_refuses_what_it_cannot_hold(client: TestClient) -> None:
    r = client.get("/api/review?status=confirmed")
    assert r.status_code == 422 and r.json()["error"]["field"] == "status"
    assert client.get("/api/review?status=suggested").status_code == 200
    for query, field in [("sort=doubt", "sort"), ("kind=rumour", "kind"), ("min_confidence=2", "min_confidence")]:
        r = client.get(f"/api/review?{query}")
        assert r.status_code == 422 and r.json()["error"]["field"] == field, query
    r = client.get("/api/review?cursor=forged")
    assert r.status_code == 400 and r.json()["error"]["field"] == "cursor"
