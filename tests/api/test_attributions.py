from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.queries.attributions import AttributionFilters
from app.queries.stats import SourcingGroup, sourcing, sourcing_by
from tests.api.builders import FIRST, SECOND, add_article, code, span


def _two_articles(client: TestClient) -> tuple[dict, dict]:
    a = add_article(client, FIRST, outlet="Portville Ledger", published_at="2023-04-02T10:00:00")
    b = add_article(client, SECOND, outlet="Harbour Radio", published_at="2024-05-06T09:00:00")
    return a, b


def test_hand_coded_attribution_has_exact_spans(client: TestClient) -> None:
    a, _ = _two_articles(client)
    item = code(
        client,
        a,
        "We will not cut corners on safety",
        "Marta Q. Lindqvist",
        cue="said",
        quote_type="direct",
        speaker_mention=span(FIRST, "Marta Q. Lindqvist"),
    )
    assert item["content"]["text"] == "We will not cut corners on safety"
    assert FIRST[item["cue"]["start"] : item["cue"]["end"]] == "said"
    assert item["speaker_mention"]["text"] == "Marta Q. Lindqvist"
    assert item["origin"] == "manual" and item["status"] == "confirmed"
    assert item["article"]["outlet"] == "Portville Ledger"


def test_spans_outside_the_text_are_refused(client: TestClient) -> None:
    a, _ = _two_articles(client)
    base = {"article_id": a["id"], "speaker_name": "Someone", "speaker_kind": "person"}
    r = client.post("/api/attributions", json={**base, "content": {"start": 10, "end": len(FIRST) + 5}})
    assert r.status_code == 422 and r.json()["error"]["field"] == "content"
    r = client.post("/api/attributions", json={**base, "content": {"start": 5, "end": 3}})
    assert r.status_code == 422 and r.json()["error"]["field"] == "content"
    r = client.post(
        "/api/attributions", json={**base, "content": {"start": 0, "end": 5}, "cue": {"start": -1, "end": 2}}
    )
    assert r.status_code == 422 and r.json()["error"]["field"].startswith("cue")
    r = client.post("/api/attributions", json={**base, "article_id": 999999, "content": {"start": 0, "end": 5}})
    assert r.status_code == 422 and r.json()["error"]["field"] == "article_id"


def test_confirm_reject_correct_are_recorded(client: TestClient) -> None:
    a, _ = _two_articles(client)
    item = code(
        client, a, "the dredging contract had been cancelled", "an engineer", kind="anonymous", status="suggested"
    )
    assert item["anonymous"] is True
    r = client.patch(f"/api/attributions/{item['id']}", json={"status": "confirmed"})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    new = span(FIRST, "the dredging contract")
    r = client.patch(f"/api/attributions/{item['id']}", json={"content": new, "stance": "hedged"})
    assert r.json()["content"]["text"] == "the dredging contract" and r.json()["stance"] == "hedged"
    r = client.patch(f"/api/attributions/{item['id']}", json={"content": {"start": 0, "end": 10**6}})
    assert r.status_code == 422 and r.json()["error"]["field"] == "content"
    history = client.get(f"/api/attributions/{item['id']}/history").json()
    actions = [h["action"] for h in history]
    assert actions == ["attribution.create", "attribution.confirmed", "attribution.update"]
    assert history[2]["before"]["content"] != history[2]["after"]["content"]
    assert all(h["actor"] == "local" for h in history)
    assert client.delete(f"/api/attributions/{item['id']}").status_code == 204
    assert client.get(f"/api/attributions/{item['id']}").status_code == 404
    assert client.get(f"/api/attributions/{item['id']}/history").status_code == 404
    changes = client.get(f"/api/changes?entity_type=attribution&entity_id={item['id']}").json()["items"]
    assert changes[0]["action"] == "attribution.delete"


def test_filters_facets_and_full_text(client: TestClient) -> None:
    a, b = _two_articles(client)
    code(client, a, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    code(client, b, "We will not cut corners on safety", "Marta Lindqvist", quote_type="direct")
    code(client, a, "the dredging contract had been cancelled", "an engineer", kind="anonymous")
    ledger = client.get("/api/speakers?q=Portville").json()
    aide = code(
        client, b, "the cost had doubled", "a council aide", kind="anonymous", via=span(SECOND, "the Portville Ledger")
    )
    assert aide["via"]["mention"]["text"] == "the Portville Ledger"
    assert ledger["items"] == []

    r = client.get(
        "/api/attributions?anonymous=true&facet=speaker&facet=outlet&facet=quote_type&facet=month&total=true"
    ).json()
    assert r["total"] == 2
    assert {i["content"]["text"] for i in r["items"]} == {
        "the dredging contract had been cancelled",
        "the cost had doubled",
    }
    assert {f["value"]: f["count"] for f in r["facets"]["outlet"]} == {"Portville Ledger": 1, "Harbour Radio": 1}
    assert [f["value"] for f in r["facets"]["month"]] == ["2023-04", "2024-05"]
    r = client.get("/api/attributions?speaker_name=lindqvist&total=true").json()
    assert r["total"] == 2  # one person, two articles (names linked)
    assert len({i["speaker"]["id"] for i in r["items"]}) == 1
    r = client.get("/api/attributions?q=dredging contract").json()
    assert [i["content"]["text"] for i in r["items"]] == ["the dredging contract had been cancelled"]
    r = client.get("/api/attributions?q=cancelled OR doubled&total=true&facet=outlet").json()
    assert r["total"] == 2 and r["facets_counted"] == 2 and r["facets_partial"] is False  # every match counted
    assert client.get("/api/attributions?facet=outlet").json()["facets_partial"] is None  # no search: exact
    r = client.get("/api/attributions?via=any").json()
    assert [i["id"] for i in r["items"]] == [aide["id"]]
    r = client.get("/api/attributions?published_to=2023-12-31&quote_type=direct").json()
    assert [i["article"]["id"] for i in r["items"]] == [a["id"]]
    r = client.get('/api/attributions?q="unbalanced  AND ( NEAR').json()  # junk syntax is not an error
    assert r["items"] == []


def test_keyset_pages_cover_everything_once_in_every_sort(client: TestClient) -> None:
    texts = []
    for i in range(7):
        text = f"Story {i}.\n\nThe tally reached {i} boats, Quentin Aster{i} said.\n"
        day = None if i % 3 == 0 else f"2022-0{1 + i % 5}-1{i}T00:00:00"
        art = add_article(client, text, published_at=day)
        code(client, art, f"The tally reached {i} boats", f"Quentin Aster{i}")
        code(client, art, f"Story {i}", "the newsroom", kind="organization")
        texts.append(art)
    for sort in ("published_at", "-published_at", "speaker"):
        seen, cursor = [], None
        while True:
            url = f"/api/attributions?limit=3&sort={sort}" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(url).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next"]
            if not cursor:
                break
        everything = client.get(f"/api/attributions?limit=500&sort={sort}").json()["items"]
        assert seen == [i["id"] for i in everything]
        assert len(seen) == len(set(seen)) == 14


def test_export_streams_every_row(client: TestClient) -> None:
    a, b = _two_articles(client)
    for article in (a, b):
        for piece in ("harbour", "safety"):
            code(client, article, piece, "Marta Lindqvist")
    r = client.get("/api/export/attributions?format=csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 4 and rows[0]["speaker"] == "Marta Lindqvist"
    r = client.get("/api/export/attributions?format=jsonl&outlet=Harbour Radio")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == 2 and {line["article"]["outlet"] for line in lines} == {"Harbour Radio"}


def test_sourcing_stats(client: TestClient) -> None:
    a, b = _two_articles(client)
    code(client, a, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    code(client, a, "the dredging contract had been cancelled", "an engineer", kind="anonymous")
    code(
        client, b, "the cost had doubled", "a council aide", kind="anonymous", via=span(SECOND, "the Portville Ledger")
    )
    groups = {g["group"]: g for g in client.get("/api/stats/sourcing?group_by=outlet").json()["groups"]}
    assert groups["Portville Ledger"]["total"] == 2 and groups["Portville Ledger"]["anonymous"] == 1
    assert groups["Portville Ledger"]["anonymous_share"] == 0.5
    assert groups["Harbour Radio"]["via_outlet"] == 1 and groups["Harbour Radio"]["named"] == 0
    per_article = client.get("/api/stats/sourcing?group_by=article").json()["groups"]
    assert {g["label"] for g in per_article} == {a["title"], b["title"]}
    kinds = {g["group"]: g["total"] for g in client.get("/api/stats/sourcing?group_by=speaker_kind").json()["groups"]}
    assert kinds == {"anonymous": 2, "person": 1}


def test_sourcing_under_two_groupings_at_once_equals_each_alone(client: TestClient, session: Session) -> None:
    a, b = _two_articles(client)
    code(client, a, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    code(client, a, "the dredging contract had been cancelled", "an engineer", kind="anonymous")
    code(client, b, "the cost had doubled", "a council aide", kind="anonymous")
    f = AttributionFilters()
    both = sourcing_by(session, [SourcingGroup.outlet, SourcingGroup.month], f)
    assert both[SourcingGroup.outlet] == sourcing(session, SourcingGroup.outlet, f)
    assert both[SourcingGroup.month] == sourcing(session, SourcingGroup.month, f)
    assert [g["group"] for g in both[SourcingGroup.month]] == ["2023-04", "2024-05"]


RELAYS = (
    "School Rebuilt\n\n"
    "“We will rebuild the school,” Mayor Ines Carver told The Valley Courier on Monday.\n\n"
    "“It will take two years,” Carver told the Courier later.\n\n"
    "In another report, the ministry said the school would reopen in May.\n"
)


def test_a_relay_is_its_outlet_under_every_name_and_an_unnamed_report_is_none(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": RELAYS, "outlet": "Plains Wire"})
    assert r.status_code == 201, r.text
    relayed = client.get("/api/attributions?via=any&facet=via&total=true").json()
    assert relayed["total"] == 3
    kinds = sorted((i["via"]["mention"]["text"], i["via"]["kind"]) for i in relayed["items"])
    assert kinds == [("The Valley Courier", "outlet"), ("another report", "document"), ("the Courier", "outlet")]
    # The facet counts every relay through an outlet, and only those.
    assert relayed["facets"]["via"] == [{"value": "Valley Courier", "label": "Valley Courier", "count": 2}]
    courier_id = next(i["via"]["speaker_id"] for i in relayed["items"] if i["via"]["kind"] == "outlet")
    answers = [
        sorted(i["id"] for i in client.get("/api/attributions", params={"via": v}).json()["items"])
        for v in ("The Valley Courier", "Valley Courier", "the Courier", "THE VALLEY COURIER", str(courier_id))
    ]
    assert answers[0] and all(a == answers[0] for a in answers), answers
    assert client.get("/api/attributions", params={"via": "Valley"}).json()["items"] == []
    # The outlet speaker is the publication: an article of that outlet, however its name is written, is the
    # same outlet, and the relay filter finds it by the outlet's name too.
    story = client.post(
        "/api/articles", json={"text": "The council met on Friday.\n", "outlet": "the Valley Courier", "extract": False}
    ).json()
    assert story["outlet"] == "Valley Courier"
    stats = client.get("/api/stats/sourcing?group_by=outlet").json()["groups"]
    assert {g["label"]: g["via_outlet"] for g in stats}["Plains Wire"] == 2
    assert client.get("/api/attributions?via=any&speaker_kind=outlet").json()["items"] == []


def test_sourcing_per_article_pages_by_keyset(client: TestClient) -> None:
    a, b = _two_articles(client)
    code(client, a, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    code(client, a, "the dredging contract had been cancelled", "an engineer", kind="anonymous")
    code(client, b, "the cost had doubled", "a council aide", kind="anonymous")
    first = client.get("/api/stats/sourcing?group_by=article&limit=1").json()
    assert [g["group"] for g in first["groups"]] == [str(a["id"])] and first["groups"][0]["total"] == 2
    second = client.get(f"/api/stats/sourcing?group_by=article&limit=1&cursor={first['next']}").json()
    assert [g["group"] for g in second["groups"]] == [str(b["id"])] and second["next"] is None
    whole = client.get("/api/stats/sourcing?group_by=article").json()
    assert whole["groups"] == first["groups"] + second["groups"] and whole["next"] is None
    assert client.get("/api/stats/sourcing?group_by=article&cursor=bogus").status_code == 400
    assert client.get("/api/stats/sourcing?group_by=outlet&limit=1").json()["next"] is None
