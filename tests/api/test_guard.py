"""The request guard: served hosts only, no cross-origin browser writes, JSON bodies for API writes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.guard import same_origin
from app.models import TokenRole
from app.store.tokens import create_token
from tests.api.conftest import make_client

ARTICLE = {"text": "“The gates are shut,” said Ana Brel.", "extract": False}
EVIL = "http://evil.example"


def _error(r) -> dict:  # type: ignore[no-untyped-def]
    return r.json()["error"]


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.2.nip.io", "localhost.evil.example", ""]
)
def test_a_host_not_served_is_refused(client: TestClient, host: str) -> None:
    r = client.get("/api/health", headers={"Host": host})
    assert r.status_code == 400 and _error(r)["field"] == "Host"
    assert "CLAIMBASE_ALLOWED_HOSTS" in _error(r)["message"]
    assert client.get("/", headers={"Host": host}).status_code == 400
    assert client.post("/api/articles", json=ARTICLE, headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:9", "[::1]:8000", "LOCALHOST"])
def test_local_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/health", headers={"Host": host}).status_code == 200


def test_configured_hosts_are_served(session: Session) -> None:
    with make_client(session, allowed_hosts=["claims.example.org", "10.0.0.5"]) as c:
        assert c.get("/api/health", headers={"Host": "claims.example.org"}).status_code == 200
        assert c.get("/api/health", headers={"Host": "10.0.0.5:8000"}).status_code == 200
        assert c.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    with make_client(session, allowed_hosts=["*"]) as c:
        assert c.get("/api/health", headers={"Host": "anything.example"}).status_code == 200


def test_cross_origin_browser_writes_are_refused(client: TestClient) -> None:
    attempts = [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Origin": "http://localhost:9999"},  # another program on this machine is another origin
        {"Origin": "https://localhost.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
    ]
    for headers in attempts:
        r = client.post("/api/articles", json=ARTICLE, headers=headers)
        assert r.status_code == 403 and _error(r)["field"] == "Origin", (headers, r.text)
        assert client.post("/logout", headers=headers).status_code == 403
    # Simple requests a page can send without asking: text/plain JSON, a form, a multipart form.
    raw = json.dumps(ARTICLE)
    assert (
        client.post("/api/articles", content=raw, headers={"Origin": EVIL, "Content-Type": "text/plain"}).status_code
        == 403
    )
    form = {"text": ARTICLE["text"]}
    assert client.post("/api/articles", data=form, headers={"Origin": EVIL}).status_code == 403
    files = {"file": ("s.txt", ARTICLE["text"].encode(), "text/plain")}
    assert client.post("/api/articles", files=files, headers={"Origin": EVIL}).status_code == 403
    assert client.get("/api/articles").json()["items"] == []
    # Reads are not writes: another site may link here.
    assert client.get("/api/articles", headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}).status_code == 200


def test_same_origin_browser_writes_pass(client: TestClient) -> None:
    for i, headers in enumerate(
        [
            {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
            {"Origin": "http://localhost:80"},
            {"Sec-Fetch-Site": "none"},
            {},
        ]
    ):
        r = client.post("/api/articles", json={**ARTICLE, "text": f"{ARTICLE['text']} {i}"}, headers=headers)
        assert r.status_code == 201, (headers, r.text)


def test_same_origin_compares_host_and_port() -> None:
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert same_origin("https://claims.example.org", "claims.example.org")  # TLS ended by a proxy
    assert same_origin("http://[::1]:8000", "[::1]:8000")
    assert not same_origin("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not same_origin("https://claims.example.org", "claims.example.org:8000")
    assert not same_origin("ftp://localhost", "localhost")
    assert not same_origin("http://localhost:notaport", "localhost")


def test_api_writes_need_a_json_body(client: TestClient) -> None:
    raw = json.dumps(ARTICLE)
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "text/html", None):
        headers = {"Content-Type": content_type} if content_type else {}
        r = client.post("/api/articles", content=raw, headers=headers)
        assert r.status_code == 415 and _error(r)["field"] == "Content-Type", (content_type, r.text)
        assert "application/json" in _error(r)["message"]
    assert client.get("/api/articles").json()["items"] == []
    r = client.post("/api/articles", content=raw, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201
    article = r.json()
    # Multipart is the article upload's alone; elsewhere it is refused.
    files = {"file": ("s.txt", b"Another text, said Bo.", "text/plain")}
    assert client.post("/api/articles", files=files).status_code == 201
    r = client.post("/api/attributions", files=files)
    assert r.status_code == 415
    patch = client.patch(f"/api/articles/{article['id']}", content=b"{}", headers={"Content-Type": "text/plain"})
    assert patch.status_code == 415
    # A write without a body needs no content type (DELETE, unmerge).
    assert client.delete(f"/api/articles/{article['id']}").status_code == 204


def test_a_token_does_not_make_a_cross_origin_write_acceptable(session: Session) -> None:
    secret = create_token(session, "ana", TokenRole.admin).secret
    with make_client(session, open_writes=False) as c:
        auth = {"Authorization": f"Bearer {secret}"}
        assert c.post("/api/articles", json=ARTICLE, headers={**auth, "Origin": EVIL}).status_code == 403
        assert c.post("/api/articles", json=ARTICLE, headers=auth).status_code == 201


def test_the_schema_documents_what_the_guard_answers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            wanted = {"400", "403", "415"} if method in ("post", "put", "patch", "delete") else {"400"}
            assert wanted <= set(operation["responses"]), (method, path)
