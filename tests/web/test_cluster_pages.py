"""The claims list finds claims reported with variants; the claim page shows its cluster (server-rendered)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_claim_clusters import setup_pair


def test_claims_list_filters_on_variants(client: TestClient) -> None:
    _, _, q1, cut = setup_pair(client)
    page = client.get("/claims", params={"has_variants": "true"}).text
    assert f'href="/claims/{cut["claim_id"]}"' in page and f'href="/claims/{q1["claim_id"]}"' not in page
    assert 'name="has_variants" value="true" checked' in page
    assert "No claim matches." in client.get("/claims", params={"contradicted": "true"}).text


def test_claim_page_marks_the_differing_words(client: TestClient) -> None:
    _, _, _, cut = setup_pair(client)
    page = client.get(f"/claims/{cut['claim_id']}").text
    assert page.count('class="cluster-report') == 2 and "first report" in page
    assert '<mark class="diff-word">about</mark>' in page
