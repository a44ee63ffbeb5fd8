from __future__ import annotations

import jsonschema_rs
from fastapi.testclient import TestClient

from tests.api.builders import FIRST, add_article


def test_post_json_reads_metadata_from_text_and_keeps_text_exact(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": FIRST, "outlet": "Portville Ledger", "extract": False})
    assert r.status_code == 201
    body = r.json()
    assert body["text"] == FIRST
    assert body["title"] == "Harbour Plan Faces Delay, Officials Say"
    assert body["dateline"] and body["dateline"].lower() == "portville"
    assert body["outlet"] == "Portville Ledger"
    assert body["duplicate"] is False
    kinds = {r["kind"] for r in body["regions"]}
    assert {"headline", "dateline"} <= kinds
    for region in body["regions"]:
        assert 0 <= region["start"] < region["end"] <= len(FIRST)


def test_same_text_twice_is_one_article(client: TestClient) -> None:
    first = client.post("/api/articles", json={"text": FIRST, "extract": False})
    again = client.post("/api/articles", json={"text": FIRST, "extract": False})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]


def test_multipart_txt_and_html_uploads(client: TestClient) -> None:
    r = client.post(
        "/api/articles",
        files={"file": ("harbour.txt", FIRST.encode("utf-8"), "text/plain")},
        data={"outlet": "Portville Ledger", "extract": "false", "authors": "Ann Writer, Bo Reporter"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["text"] == FIRST
    assert r.json()["authors"] == ["Ann Writer", "Bo Reporter"]
    assert r.json()["source_name"] == "harbour"
    html = (
        "<html><head><title>Tide Gates Open</title><meta name='author' content='Cy Writer'></head><body>"
        "<article><h1>Tide Gates Open</h1>"
        + "".join(
            f"<p>The tide gates opened on schedule for the {n} time this season, the harbour master said "
            "in a statement to the press on Tuesday morning.</p>"
            for n in ("first", "second", "third", "fourth")
        )
        + "</article></body></html>"
    )
    r = client.post(
        "/api/articles", files={"file": ("tide.html", html.encode(), "text/html")}, data={"extract": "false"}
    )
    assert r.status_code == 201, r.text
    assert "tide gates opened" in r.json()["text"]
    assert "<p>" not in r.json()["text"]


def test_a_form_field_sent_empty_counts_as_absent_as_the_schema_says(client: TestClient) -> None:
    """A browser sends an unfilled date input as an empty field: stored without a date, extracted by default;
    the published form schema accepts what the server accepts."""
    form = {"title": "Budget vote", "published_at": "", "url": "", "extract": ""}
    r = client.post("/api/articles", files={"file": ("vote.txt", FIRST.encode(), "text/plain")}, data=form)
    assert r.status_code == 201, r.text
    assert r.json()["published_at"] is None and r.json()["url"] is None
    assert r.json()["extractor_version"] is not None
    spec = client.get("/openapi.json").json()["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    schema = jsonschema_rs.validator_for(spec["multipart/form-data"]["schema"], validate_formats=True)
    assert schema.is_valid({"file": "x", **form})
    for wrong in ({"published_at": "yesterday"}, {"extract": "yes"}):
        assert not schema.is_valid({"file": "x", **form, **wrong})
        r = client.post("/api/articles", files={"file": ("v.txt", b"Some text.", "text/plain")}, data=wrong)
        assert r.status_code == 422 and r.json()["error"]["field"] == next(iter(wrong))


def test_bad_uploads_name_the_field(client: TestClient) -> None:
    r = client.post("/api/articles", files={"file": ("x.pdf", b"%PDF", "application/pdf")})
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
    r = client.post("/api/articles", files={"file": ("x.txt", b"\xff\xfe\xfa", "text/plain")})
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
    r = client.post("/api/articles", json={"text": "   "})
    assert r.status_code == 422 and r.json()["error"]["field"] == "text"
    r = client.post("/api/articles", json={"text": "Some text.", "published_at": "yesterday"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "published_at"
    r = client.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "body"


def test_list_filter_and_delete(client: TestClient) -> None:
    a = add_article(client, FIRST, outlet="Portville Ledger", published_at="2023-04-02T10:00:00")
    add_article(
        client,
        "Another story entirely.\n\nNothing said here.",
        outlet="Other Times",
        published_at="2024-01-01T00:00:00",
    )
    items = client.get("/api/articles?outlet=Portville Ledger").json()["items"]
    assert [i["id"] for i in items] == [a["id"]]
    items = client.get("/api/articles?published_from=2023-12-01").json()["items"]
    assert [i["outlet"] for i in items] == ["Other Times"]
    items = client.get("/api/articles?q=dredging").json()["items"]
    assert [i["id"] for i in items] == [a["id"]]
    assert client.delete(f"/api/articles/{a['id']}").status_code == 204
    assert client.get(f"/api/articles/{a['id']}").status_code == 404
