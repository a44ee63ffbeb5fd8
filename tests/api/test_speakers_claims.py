from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.builders import FIRST, SECOND, add_article, code


def _setup(client: TestClient) -> tuple[dict, dict, dict, dict]:
    a = add_article(client, FIRST, outlet="Portville Ledger", published_at="2023-04-02T10:00:00")
    b = add_article(client, SECOND, outlet="Harbour Radio", published_at="2024-05-06T09:00:00")
    x = code(client, a, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    y = code(client, b, "We will not cut corners on safety", "Marta Lindqvist", quote_type="direct")
    return a, b, x, y


def test_name_variants_are_one_speaker_but_shared_surnames_are_not(client: TestClient) -> None:
    _, b, x, y = _setup(client)
    assert x["speaker"]["id"] == y["speaker"]["id"]
    other = code(client, b, "the cost had doubled", "Peter Lindqvist")
    assert other["speaker"]["id"] != x["speaker"]["id"]
    speakers = client.get("/api/speakers?q=lindqvist").json()["items"]
    by_name = {s["name"]: s for s in speakers}
    assert by_name["Marta Q. Lindqvist"]["attribution_count"] == 2
    assert by_name["Marta Q. Lindqvist"]["article_count"] == 2
    detail = client.get(f"/api/speakers/{x['speaker']['id']}").json()
    assert {"Marta Q. Lindqvist", "Marta Lindqvist"} <= set(detail["aliases"])
    assert {o["value"] for o in detail["by_outlet"]} == {"Portville Ledger", "Harbour Radio"}
    assert detail["by_quote_type"] == [{"value": "direct", "count": 2}]


def test_anonymous_speakers_stay_with_their_article(client: TestClient) -> None:
    a, b, _, _ = _setup(client)
    one = code(client, a, "the dredging contract had been cancelled", "officials", kind="anonymous")
    two = code(client, b, "the cost had doubled", "officials", kind="anonymous")
    assert one["speaker"]["id"] != two["speaker"]["id"]
    listed = client.get("/api/speakers?kind=anonymous").json()["items"]
    assert {s["article_id"] for s in listed} == {a["id"], b["id"]}


def test_merge_and_undo(client: TestClient) -> None:
    _, b, x, _ = _setup(client)
    stray = code(client, b, "the cost had doubled", "M. Lindqvist")
    sid, into = stray["speaker"]["id"], x["speaker"]["id"]
    assert sid != into
    r = client.post(f"/api/speakers/{sid}/merge", json={"into": into})
    assert r.status_code == 200 and r.json()["attribution_count"] == 3
    assert "M. Lindqvist" in r.json()["aliases"]
    assert client.get(f"/api/attributions/{stray['id']}").json()["speaker"]["id"] == into
    assert sid not in {s["id"] for s in client.get("/api/speakers").json()["items"]}
    r = client.post(f"/api/speakers/{sid}/merge", json={"into": into})
    assert r.status_code == 409
    r = client.post(f"/api/speakers/{sid}/unmerge")
    assert r.status_code == 200 and r.json()["attribution_count"] == 1
    assert client.get(f"/api/attributions/{stray['id']}").json()["speaker"]["id"] == sid
    assert "M. Lindqvist" not in client.get(f"/api/speakers/{into}").json()["aliases"]
    actions = [c["action"] for c in client.get(f"/api/changes?entity_type=speaker&entity_id={sid}").json()["items"]]
    assert actions == ["speaker.unmerge", "speaker.merge"]
    assert client.post(f"/api/speakers/{sid}/merge", json={"into": sid}).status_code == 409
    assert client.post(f"/api/speakers/{sid}/merge", json={"into": 999999}).status_code == 422


def test_patch_speaker(client: TestClient) -> None:
    _, _, x, _ = _setup(client)
    sid = x["speaker"]["id"]
    r = client.patch(f"/api/speakers/{sid}", json={"name": "Marta Quist Lindqvist", "aliases": ["Ms. Lindqvist"]})
    assert r.status_code == 200
    assert r.json()["name"] == "Marta Quist Lindqvist"
    assert set(r.json()["aliases"]) == {"Ms. Lindqvist", "Marta Quist Lindqvist"}
    assert client.patch(f"/api/speakers/{sid}", json={"kind": "martian"}).json()["error"]["field"] == "kind"
    assert client.patch(f"/api/speakers/{sid}", json={"name": None}).status_code == 422


def test_claim_reported_by_two_articles(client: TestClient) -> None:
    a, b, x, y = _setup(client)
    assert x["claim_id"] == y["claim_id"]
    claims = client.get("/api/claims?min_reports=2").json()["items"]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["report_count"] == 2
    assert claim["first_report"]["article"]["id"] == a["id"]
    detail = client.get(f"/api/claims/{claim['id']}").json()
    assert [i["article"]["id"] for i in detail["attributions"]] == [a["id"], b["id"]]
    assert client.get(f"/api/claims?speaker={x['speaker']['id']}").json()["items"][0]["id"] == claim["id"]
    assert client.get("/api/claims?q=corners").json()["items"][0]["id"] == claim["id"]
