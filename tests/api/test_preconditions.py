"""Record versions: every record read carries an ETag; an edit sent with a stale If-Match is refused with 412
and the record as stored now, on both databases."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.builders import FIRST, add_article, code


def _coded(client: TestClient) -> dict:
    article = add_article(client, FIRST)
    return code(client, article, "We will not cut corners on safety", "Marta Q. Lindqvist")


def test_records_carry_an_etag_that_changes_with_them(client: TestClient) -> None:
    a = _coded(client)
    url = f"/api/attributions/{a['id']}"
    first = client.get(url)
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')
    assert client.get(url).headers["etag"] == tag
    patched = client.patch(url, json={"stance": "hedged"})
    assert patched.status_code == 200 and patched.headers["etag"] != tag
    assert client.get(url).headers["etag"] == patched.headers["etag"]
    for path in (f"/api/speakers/{a['speaker']['id']}", f"/api/articles/{a['article']['id']}"):
        assert client.get(path).headers["etag"].startswith('"')


def test_a_stale_if_match_gets_412_with_what_is_stored(client: TestClient) -> None:
    a = _coded(client)
    url = f"/api/attributions/{a['id']}"
    seen = client.get(url).headers["etag"]
    assert client.patch(url, json={"stance": "hedged"}, headers={"If-Match": seen}).status_code == 200
    # A second reviewer, working on the copy read before that edit:
    r = client.patch(url, json={"status": "rejected"}, headers={"If-Match": seen})
    assert r.status_code == 412, r.text
    body = r.json()
    assert body["error"]["field"] == "If-Match" and "changed since you read it" in body["error"]["message"]
    assert body["current"]["stance"] == "hedged" and body["current"]["id"] == a["id"]
    assert body["current"]["status"] == "confirmed"
    assert r.headers["etag"] == client.get(url).headers["etag"]
    assert client.get(url).json()["status"] == "confirmed"
    history = client.get(f"{url}/history").json()
    assert [c["action"] for c in history] == ["attribution.create", "attribution.update"]
    # The current version (or any, `*`, or a list naming it) goes through.
    fresh = r.headers["etag"]
    ok = client.patch(url, json={"stance": "denies"}, headers={"If-Match": f'"x", {fresh}'})
    assert ok.status_code == 200
    assert client.patch(url, json={"stance": "hedged"}, headers={"If-Match": "*"}).status_code == 200
    # An edit that changes nothing leaves the version as it was.
    same = client.get(url).headers["etag"]
    assert client.patch(url, json={"stance": "hedged"}, headers={"If-Match": same}).headers["etag"] == same
    assert client.delete(url, headers={"If-Match": seen}).status_code == 412
    assert client.delete(url, headers={"If-Match": client.get(url).headers["etag"]}).status_code == 204


def test_speakers_and_articles_check_if_match_too(client: TestClient) -> None:
    a = _coded(client)
    speaker = f"/api/speakers/{a['speaker']['id']}"
    seen = client.get(speaker).headers["etag"]
    assert client.patch(speaker, json={"descriptor": "the mayor"}, headers={"If-Match": seen}).status_code == 200
    r = client.patch(speaker, json={"descriptor": "a resident"}, headers={"If-Match": seen})
    assert r.status_code == 412 and r.json()["current"]["descriptor"] == "the mayor"
    article = f"/api/articles/{a['article']['id']}"
    assert client.delete(article, headers={"If-Match": '"not-this-one"'}).status_code == 412
    assert client.get(article).status_code == 200
    assert client.delete(article, headers={"If-Match": client.get(article).headers["etag"]}).status_code == 204


def test_the_schema_documents_if_match_and_412(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in [
        ("/api/attributions/{attribution_id}", "patch"),
        ("/api/attributions/{attribution_id}", "delete"),
        ("/api/speakers/{speaker_id}", "patch"),
        ("/api/articles/{article_id}", "delete"),
    ]:
        operation = paths[path][method]
        assert "412" in operation["responses"], (method, path)
        assert any(p["name"].lower() == "if-match" and p["in"] == "header" for p in operation["parameters"])
    stale = paths["/api/attributions/{attribution_id}"]["patch"]["responses"]["412"]
    assert stale["content"]["application/json"]["schema"]["$ref"].endswith("/StaleRecordResponse")


def test_an_empty_edit_is_invalid_input_before_any_precondition(client: TestClient) -> None:
    a = _coded(client)
    url = f"/api/attributions/{a['id']}"
    for stale in ("", '"not-the-version"'):
        r = client.patch(url, json={}, headers={"If-Match": stale})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["field"] == "body", r.text
    speaker = f"/api/speakers/{a['speaker']['id']}"
    assert client.patch(speaker, json={}, headers={"If-Match": '"stale"'}).status_code == 422
