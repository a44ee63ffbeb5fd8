"""Exports researchers reuse: attributions as W3C Web Annotations, claims with their clusters as JSON."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.api.test_claim_clusters import CUT, QUOTE, setup_pair


def test_annotations_select_the_exact_stored_words_by_quote_and_position(client: TestClient) -> None:
    first, _, q1, _ = setup_pair(client)
    r = client.get("/api/export/annotations", params={"article": first["id"]})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    page = r.json()
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld" and page["type"] == "AnnotationPage"
    assert len(page["items"]) == 1
    a = page["items"][0]
    assert a["type"] == "Annotation" and a["id"].endswith(f"/api/attributions/{q1['id']}")
    target = a["target"]
    assert target["source"].endswith(f"/api/articles/{first['id']}")
    quote, position = target["selector"]
    text = first["text"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert text[position["start"] : position["end"]] == quote["exact"] == QUOTE
    assert text[: position["start"]].endswith(quote["prefix"]) and text[position["end"] :].startswith(quote["suffix"])
    assert quote["prefix"] and quote["suffix"]
    speaker = next(b for b in a["body"] if b["purpose"] == "identifying")
    assert speaker["label"] == "Ines Moreau" and "/api/speakers/" in speaker["source"]
    assert any(b["source"].endswith(f"/api/claims/{q1['claim_id']}") for b in a["body"] if b["purpose"] == "linking")
    assert {"type": "TextualBody", "purpose": "tagging", "value": "stance:asserts"} in a["body"]


def test_annotations_of_nothing_is_an_empty_page_and_bad_filters_are_named(client: TestClient) -> None:
    assert client.get("/api/export/annotations").json()["items"] == []
    r = client.get("/api/export/annotations", params={"stance": "shouts"})
    assert r.status_code in (400, 422) and "stance" in r.text


def test_claims_export_holds_each_cluster_with_its_labelled_reports(client: TestClient) -> None:
    _, second, q1, cut = setup_pair(client)
    doc = json.loads(client.get("/api/export/claims").text)
    by_claim = {c["id"]: cluster for cluster in doc["clusters"] for c in cluster["claims"]}
    quoted = by_claim[q1["claim_id"]]
    assert [r["label"] for r in quoted["reports"]] == ["first", "same"]
    reworded = by_claim[cut["claim_id"]]
    assert [r["label"] for r in reworded["reports"]] == ["first", "variant"]
    assert reworded["reports"][1]["content"]["text"] == CUT and reworded["reports"][1]["article"]["id"] == second["id"]
    only = json.loads(client.get("/api/export/claims", params={"has_variants": "true"}).text)["clusters"]
    assert [c["id"] for c in only] == [reworded["id"]]
    assert client.get("/api/export/claims", params={"min_reports": "0"}).status_code in (400, 422)
