from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.main import create_app
from app.config import Settings
from app.models import ApiToken, TokenRole
from app.store.tokens import create_token, revoke_token
from tests.api.builders import FIRST
from tests.api.conftest import make_client

BODY = {"text": "Another text, said nobody.", "extract": False}


def test_writes_need_a_token_unless_the_instance_was_opened(session: Session) -> None:
    client = make_client(session, open_writes=False)
    assert client.post("/api/articles", json={"text": FIRST, "extract": False}).status_code == 401
    r = client.post("/api/articles", json=BODY)
    assert r.status_code == 401 and "--open" in r.json()["error"]["message"]
    assert r.headers["www-authenticate"] == "Bearer"
    editor = create_token(session, "ana", TokenRole.editor)
    admin = create_token(session, "root", TokenRole.admin)
    session.flush()
    stored = session.get(ApiToken, editor.token.id)
    assert stored is not None and editor.secret not in (stored.token_hash, stored.prefix)
    assert client.post("/api/articles", json=BODY).status_code == 401
    assert client.post("/api/articles", json=BODY, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/articles", json=BODY, headers={"Authorization": f"Bearer {editor.secret}"})
    assert r.status_code == 201
    article_id = r.json()["id"]
    assert client.get("/api/articles").status_code == 200  # reads stay open
    r = client.delete(f"/api/articles/{article_id}", headers={"X-API-Token": editor.secret})
    assert r.status_code == 403
    r = client.delete(f"/api/articles/{article_id}", headers={"X-API-Token": admin.secret})
    assert r.status_code == 204
    changes = client.get("/api/changes?entity_type=article").json()["items"]
    assert [c["actor"] for c in changes][:2] == ["token:root", "token:ana"]
    revoke_token(session, editor.token.id)
    session.flush()
    assert client.post("/api/articles", json=BODY, headers={"X-API-Token": editor.secret}).status_code == 401


def test_revoking_the_last_token_opens_nothing(session: Session) -> None:
    client = make_client(session, open_writes=False)
    admin = create_token(session, "root", TokenRole.admin)
    session.flush()
    r = client.post("/api/articles", json=BODY, headers={"Authorization": f"Bearer {admin.secret}"})
    assert r.status_code == 201
    revoke_token(session, admin.token.id)
    session.flush()
    assert client.post("/api/articles", json={**BODY, "text": "Yet another, said she."}).status_code == 401
    assert client.delete(f"/api/articles/{r.json()['id']}").status_code == 401
    assert client.get(f"/api/articles/{r.json()['id']}").status_code == 200


def test_an_opened_instance_takes_writes_from_this_machine_only(session: Session) -> None:
    factory_client = make_client(session)  # open_writes, from 127.0.0.1
    r = factory_client.post("/api/articles", json=BODY)
    assert r.status_code == 201
    assert factory_client.get("/api/changes?entity_type=article").json()["items"][0]["actor"] == "local"
    remote = TestClient(factory_client.app, base_url="http://localhost", client=("192.0.2.7", 50000))
    r = remote.post("/api/articles", json={**BODY, "text": "A remote text, said someone."})
    assert r.status_code == 401 and "only to this machine" in r.json()["error"]["message"]
    assert remote.get("/api/articles").status_code == 200


def test_open_writes_default_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMBASE_OPEN_WRITES", raising=False)
    assert Settings().open_writes is False
    monkeypatch.setenv("CLAIMBASE_OPEN_WRITES", "1")
    assert Settings().open_writes is True
    assert create_app(Settings(database_url="sqlite://")).state.settings.open_writes is True


def test_private_instance_needs_a_token_to_read(session: Session) -> None:
    client = make_client(session, private=True)
    assert client.get("/api/articles").status_code == 401
    token = create_token(session, "reader", TokenRole.editor)
    session.flush()
    assert client.get("/api/articles", headers={"Authorization": f"Bearer {token.secret}"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "//example.org/x",
        "example.org/x",
        "http://",
        "https://exa mple.org/",
    ],
)
def test_only_http_urls_are_accepted(client: TestClient, url: str) -> None:
    r = client.post("/api/articles", json={**BODY, "url": url})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == "url"
    assert "http" in r.json()["error"]["message"]
    files = {"file": ("story.txt", BODY["text"].encode(), "text/plain")}
    r = client.post("/api/articles", files=files, data={"url": url})
    assert r.status_code == 422 and r.json()["error"]["field"] == "url", r.text


def test_http_and_https_urls_are_kept(client: TestClient) -> None:
    for i, url in enumerate(["http://example.org/a", "HTTPS://example.org/b?c=d#e"]):
        r = client.post("/api/articles", json={**BODY, "text": f"Text {i}, said she.", "url": url})
        assert r.status_code == 201 and r.json()["url"] == url
