from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import ApiToken, TokenRole
from app.store.tokens import create_token, revoke_token
from tests.api.builders import FIRST
from tests.api.conftest import make_client


def test_writes_need_a_token_once_one_exists(session: Session) -> None:
    client = make_client(session)
    assert client.post("/api/articles", json={"text": FIRST, "extract": False}).status_code == 201
    editor = create_token(session, "ana", TokenRole.editor)
    admin = create_token(session, "root", TokenRole.admin)
    session.flush()
    stored = session.get(ApiToken, editor.token.id)
    assert stored is not None and editor.secret not in (stored.token_hash, stored.prefix)
    body = {"text": "Another text, said nobody.", "extract": False}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {editor.secret}"})
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
    assert client.post("/api/articles", json=body, headers={"X-API-Token": editor.secret}).status_code == 401


def test_private_instance_needs_a_token_to_read(session: Session) -> None:
    client = make_client(session, private=True)
    assert client.get("/api/articles").status_code == 401
    token = create_token(session, "reader", TokenRole.editor)
    session.flush()
    assert client.get("/api/articles", headers={"Authorization": f"Bearer {token.secret}"}).status_code == 200
