"""Claim clusters through the API: the cluster of a claim, its timeline, labels, differences and filters."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.builders import add_article, code

FIRST = (
    "Ferry Cuts Planned\n\n"
    "The ferry company will cut 40 sailings a week from the island route this winter. "
    "“We cannot keep running empty boats across the sound,” said Ines Moreau, the company’s director.\n"
)
SECOND = (
    "Islanders Protest Timetable\n\n"
    "A union official said the ferry company will cut about 40 sailings a week from the island route. "
    "“We cannot keep running empty boats across the sound,” Ms. Moreau told the council.\n"
)
QUOTE = "We cannot keep running empty boats across the sound"
CUT = "the ferry company will cut about 40 sailings a week from the island route"


def setup_pair(client: TestClient) -> tuple[dict, dict, dict, dict]:
    first = add_article(client, FIRST, published_at="2026-03-01T09:00:00", outlet="Island Courier")
    second = add_article(client, SECOND, published_at="2026-03-02T09:00:00", outlet="Sound Gazette")
    q1 = code(client, first, QUOTE, "Ines Moreau")
    q2 = code(client, second, QUOTE, "Ines Moreau")
    cut = code(client, second, CUT, "a union official", kind="anonymous")
    return first, second, q1, cut | {"q2": q2}


def test_a_claim_shows_its_cluster_as_a_timeline_with_the_first_report_marked(client: TestClient) -> None:
    first, second, q1, _ = setup_pair(client)
    body = client.get(f"/api/claims/{q1['claim_id']}").json()
    cluster = body["cluster"]
    assert [(r["article"]["id"], r["label"], r["first"]) for r in cluster["reports"]] == [
        (first["id"], "first", True),
        (second["id"], "same", False),
    ]
    assert cluster["reports"][0]["relay_chain"][0] == {"name": "Island Courier", "kind": "outlet", "speaker_id": None}
    assert cluster["reports"][0]["differences"] is None


def test_a_reworded_report_of_a_statement_is_a_variant_with_the_differing_words(client: TestClient) -> None:
    first, second, _, cut = setup_pair(client)
    body = client.get(f"/api/claims/{cut['claim_id']}").json()
    reports = body["cluster"]["reports"]
    assert [(r["kind"], r["article"]["id"], r["label"]) for r in reports] == [
        ("statement", first["id"], "first"),
        ("attribution", second["id"], "variant"),
    ]
    assert body["cluster_label"] == "variant" and body["cluster"]["has_variants"] is True
    changed = [s["text"] for s in reports[1]["differences"]["report"] if s["changed"]]
    assert changed == ["about"]
    joined = "".join(s["text"] for s in reports[1]["differences"]["report"])
    assert joined == reports[1]["content"]["text"]


def test_claims_filter_on_variants_and_contradictions(client: TestClient) -> None:
    _, _, q1, cut = setup_pair(client)
    with_variants = {c["id"] for c in client.get("/api/claims", params={"has_variants": "true"}).json()["items"]}
    assert cut["claim_id"] in with_variants and q1["claim_id"] not in with_variants
    without = {c["id"] for c in client.get("/api/claims", params={"has_variants": "false"}).json()["items"]}
    assert q1["claim_id"] in without and cut["claim_id"] not in without
    assert client.get("/api/claims", params={"contradicted": "true"}).json()["items"] == []
    r = client.get("/api/claims", params={"contradicted": "maybe"})
    assert r.status_code in (400, 422) and "contradicted" in r.text


def test_a_researcher_splits_and_merges_clusters_and_the_history_keeps_both(client: TestClient) -> None:
    _, _, q1, cut = setup_pair(client)
    quoted = client.get(f"/api/claims/{q1['claim_id']}").json()["cluster"]["id"]
    reworded = client.get(f"/api/claims/{cut['claim_id']}").json()["cluster"]
    merged = client.post(f"/api/clusters/{reworded['id']}/merge", json={"into": quoted})
    assert merged.status_code == 200, merged.text
    assert {c["id"] for c in merged.json()["claims"]} == {q1["claim_id"], *(c["id"] for c in reworded["claims"])}
    assert client.get(f"/api/clusters/{reworded['id']}").status_code == 404
    assert client.get(f"/api/claims/{cut['claim_id']}").json()["cluster"]["id"] == quoted
    r = client.post(f"/api/clusters/{quoted}/split", json={"claim_ids": [cut["claim_id"]]})
    assert r.status_code == 200, r.text
    new = r.json()["new"]
    assert [c["id"] for c in new["claims"]] == [cut["claim_id"]]
    assert [rep["label"] for rep in new["reports"]] == ["first"]
    assert cut["claim_id"] not in {c["id"] for c in r.json()["cluster"]["claims"]}
    changes = client.get("/api/changes", params={"entity_type": "cluster"}).json()["items"]
    assert [c["action"] for c in changes] == ["cluster.split", "cluster.merge"]
    assert changes[0]["after"]["moved"] == [cut["claim_id"]] and changes[1]["after"]["into"] == quoted


def test_split_and_merge_refuse_what_cannot_be_done(client: TestClient) -> None:
    _, _, q1, _ = setup_pair(client)
    quoted = client.get(f"/api/claims/{q1['claim_id']}").json()["cluster"]["id"]
    r = client.post(f"/api/clusters/{quoted}/split", json={"claim_ids": [q1["claim_id"]]})
    assert r.status_code == 409 and "claim_ids" in r.text
    assert client.post(f"/api/clusters/{quoted}/merge", json={"into": quoted}).status_code == 409
    r = client.post(f"/api/clusters/{quoted}/merge", json={"into": 999999})
    assert r.status_code in (400, 404, 422) and "into" in r.text
    assert client.post("/api/clusters/999999/split", json={"claim_ids": [1]}).status_code == 404
    assert client.post(f"/api/clusters/{quoted}/split", json={"claim_ids": []}).status_code in (400, 422)
