"""Kinds of attribution and the extractor's confidence: stored, filtered, faceted, sorted, counted."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.builders import add_article, code, suggest

TEXT = (
    "Quay Works Paused\n\n"
    "The quay works are paused, Quentin Aster said. He believes the pilings are unsafe. "
    "He plans to inspect them in May. Soundings show the silt has doubled. "
    "He closed the gate on Friday. The tide was high, he added.\n"
)


def _ids(client: TestClient, query: str) -> list[int]:
    r = client.get(f"/api/attributions?limit=500&{query}")
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


def _article(client: TestClient, session: Session) -> tuple[dict, dict[str, int]]:
    art = add_article(client, TEXT, outlet="Quay Gazette", published_at="2024-03-01T08:00:00")
    pieces = [
        ("The quay works are paused", "speech", 0.9),
        ("the pilings are unsafe", "belief", 0.4),
        ("to inspect them in May", "intention", 0.8),
        ("the silt has doubled", "evidence", 0.7),
        ("closed the gate on Friday", "action", 0.3),
        ("The tide was high", "speech", 0.2),
    ]
    ids = suggest(session, art["id"], pieces)
    return art, {p[0]: i for p, i in zip(pieces, ids, strict=True)}


def test_kind_is_stored_and_speech_and_belief_are_counted_by_default(client: TestClient, session: Session) -> None:
    _, ids = _article(client, session)
    assert client.get(f"/api/attributions/{ids['to inspect them in May']}").json()["kind"] == "intention"
    counted = {ids["The quay works are paused"], ids["the pilings are unsafe"], ids["The tide was high"]}
    assert set(_ids(client, "")) == counted
    assert set(_ids(client, "kind=all")) == set(ids.values())
    assert set(_ids(client, "kind=intention,evidence")) == {ids["to inspect them in May"], ids["the silt has doubled"]}
    assert set(_ids(client, "kind=action&kind=belief")) == {
        ids["closed the gate on Friday"],
        ids["the pilings are unsafe"],
    }
    r = client.get("/api/attributions?kind=all&facet=kind&facet=speaker_kind").json()
    assert {f["value"]: f["count"] for f in r["facets"]["kind"]} == {
        "speech": 2,
        "belief": 1,
        "intention": 1,
        "evidence": 1,
        "action": 1,
    }
    assert r["facets"]["speaker_kind"] == [{"value": "person", "label": "person", "count": 6}]
    stats = client.get("/api/stats/sourcing?group_by=outlet").json()["groups"]
    assert [(g["group"], g["total"]) for g in stats] == [("Quay Gazette", 3)]
    stats = client.get("/api/stats/sourcing?group_by=outlet&kind=all").json()["groups"]
    assert stats[0]["total"] == 6
    speaker = client.get("/api/speakers?q=Quentin").json()["items"][0]
    assert speaker["attribution_count"] == 3
    article = client.get(f"/api/articles/{_article_id(client)}").json()
    assert len(article["attributions"]) == 6 and article["attribution_count"] == 3
    lines = client.get("/api/export/attributions?format=jsonl&kind=evidence").text.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["kind"] == "evidence"


def _article_id(client: TestClient) -> int:
    return client.get("/api/articles").json()["items"][0]["id"]


def test_bad_kinds_and_confidences_are_refused_naming_the_field(client: TestClient) -> None:
    for query, field in [
        ("kind=gossip", "kind"),
        ("kind=speech,gossip", "kind"),
        ("min_confidence=1.5", "min_confidence"),
        ("min_confidence=-0.1", "min_confidence"),
        ("min_confidence=high", "min_confidence"),
        ("sort=certainty", "sort"),
    ]:
        r = client.get(f"/api/attributions?{query}")
        assert r.status_code == 422, query
        assert r.json()["error"]["field"] == field, query
    r = client.get("/api/stats/sourcing?kind=rumour")
    assert r.status_code == 422 and r.json()["error"]["field"] == "kind"


def test_people_choose_and_change_the_kind(client: TestClient) -> None:
    art = add_article(client, TEXT)
    item = code(client, art, "The quay works are paused", "Quentin Aster")
    assert item["kind"] == "speech"
    plan = code(client, art, "to inspect them in May", "Quentin Aster", kind="person", **{"status": "confirmed"})
    r = client.patch(f"/api/attributions/{plan['id']}", json={"kind": "intention"})
    assert r.status_code == 200 and r.json()["kind"] == "intention"
    history = client.get(f"/api/attributions/{plan['id']}/history").json()
    assert history[-1]["before"]["kind"] == "speech" and history[-1]["after"]["kind"] == "intention"
    r = client.patch(f"/api/attributions/{plan['id']}", json={"kind": None})
    assert r.status_code == 422 and r.json()["error"]["field"] == "kind"
    r = client.patch(f"/api/attributions/{plan['id']}", json={"kind": "rumour"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "kind"


def test_min_confidence_leaves_out_uncertain_suggestions_but_never_a_persons_decision(
    client: TestClient, session: Session
) -> None:
    art, ids = _article(client, session)
    low_belief, tide = ids["the pilings are unsafe"], ids["The tide was high"]
    assert set(_ids(client, "min_confidence=0.5")) == {ids["The quay works are paused"]}
    assert client.get("/api/stats/sourcing?min_confidence=0.5").json()["groups"][0]["total"] == 1
    # A researcher confirms one uncertain suggestion, corrects another, and codes a statement by hand.
    assert client.patch(f"/api/attributions/{low_belief}", json={"status": "confirmed"}).status_code == 200
    assert client.patch(f"/api/attributions/{tide}", json={"stance": "hedged"}).status_code == 200
    hand = code(client, art, "the silt has doubled", "Quentin Aster")["id"]
    assert set(_ids(client, "min_confidence=0.5")) == {ids["The quay works are paused"], low_belief, tide, hand}
    assert set(_ids(client, "min_confidence=1")) == {low_belief, tide, hand}
    assert len(_ids(client, "min_confidence=0")) == 4
    everything = set(_ids(client, "kind=all&min_confidence=0.75"))
    assert everything == {ids["The quay works are paused"], ids["to inspect them in May"], low_belief, tide, hand}


def test_confidence_sort_pages_by_keyset_in_both_directions(client: TestClient, session: Session) -> None:
    art, ids = _article(client, session)
    hand = code(client, art, "He closed the gate", "Quentin Aster")["id"]  # no confidence: last either way
    by_confidence = {
        "The tide was high": 0.2,
        "closed the gate on Friday": 0.3,
        "the pilings are unsafe": 0.4,
        "the silt has doubled": 0.7,
        "to inspect them in May": 0.8,
        "The quay works are paused": 0.9,
    }
    ascending = [ids[p] for p in sorted(by_confidence, key=by_confidence.get)]
    for sort, expected in [("confidence", [*ascending, hand]), ("-confidence", [*reversed(ascending), hand])]:
        seen, cursor = [], None
        while True:
            url = f"/api/attributions?kind=all&limit=2&sort={sort}" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(url).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next"]
            if not cursor:
                break
        assert seen == expected, sort
    r = client.get("/api/attributions?kind=all&limit=2&sort=confidence").json()
    r = client.get(f"/api/attributions?kind=all&limit=2&sort=-confidence&cursor={r['next']}")
    assert r.status_code == 400 and r.json()["error"]["field"] == "cursor"  # a cursor belongs to its order
