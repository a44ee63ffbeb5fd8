"""Every write route, enumerated from the app itself, refuses a missing, wrong or revoked token and a
role below the one it needs, and lets that role through; on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Change, TokenRole
from app.store.tokens import create_token, revoke_token
from tests.api.builders import add_article, code
from tests.api.conftest import make_client

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
EDITOR, ADMIN = TokenRole.editor, TokenRole.admin
# The role each write route needs. A route missing here (a new one) fails the test until it is classified.
NEEDS: dict[tuple[str, str], TokenRole | None] = {
    ("POST", "/api/articles"): EDITOR,
    ("DELETE", "/api/articles/{article_id}"): ADMIN,
    ("POST", "/api/attributions"): EDITOR,
    ("PATCH", "/api/attributions/{attribution_id}"): EDITOR,
    ("DELETE", "/api/attributions/{attribution_id}"): ADMIN,
    ("PATCH", "/api/speakers/{speaker_id}"): EDITOR,
    ("POST", "/api/speakers/{speaker_id}/merge"): ADMIN,
    ("POST", "/api/speakers/{speaker_id}/unmerge"): ADMIN,
    ("POST", "/api/clusters/{cluster_id}/split"): ADMIN,
    ("POST", "/api/clusters/{cluster_id}/merge"): ADMIN,
    # The web sign-in and sign-out only set or clear this browser's cookie; they change nothing stored.
    ("POST", "/login"): None,
    ("POST", "/logout"): None,
}
BELOW = {EDITOR: [TokenRole.reader], ADMIN: [TokenRole.reader, EDITOR]}
TEXT = "“The pumps failed twice,” said Ana Brel, the engineer. Bo Dunn said the repairs were done."


def write_routes(client: TestClient) -> list[tuple[str, str]]:
    """Every (method, path) that writes, from the app's routes (included routers flattened as OpenAPI does)."""
    return sorted(
        (method, str(route.path))
        for route in iter_route_contexts(client.app.routes)
        for method in (route.methods or set()) & WRITE_METHODS
    )


def _changes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Change)) or 0


def test_every_write_route_needs_its_role(session: Session) -> None:
    secrets = {role: create_token(session, role.value, role).secret for role in TokenRole}
    revoked = create_token(session, "gone", ADMIN)
    revoke_token(session, revoked.token.id)
    session.flush()
    client = make_client(session, open_writes=False)
    routes = write_routes(client)
    assert set(routes) == set(NEEDS), "classify the new write route in NEEDS"

    with TestClient(client.app, base_url="http://localhost", headers={"X-API-Token": secrets[ADMIN]}) as as_admin:
        article = add_article(as_admin, TEXT)
        attribution = code(as_admin, article, "The pumps failed twice", "Ana Brel")
    ids = {
        "article_id": article["id"],
        "attribution_id": attribution["id"],
        "speaker_id": attribution["speaker"]["id"],
        "cluster_id": client.get(f"/api/claims/{attribution['claim_id']}").json()["cluster"]["id"],
    }

    refusals = 0
    for method, path in routes:
        role = NEEDS[(method, path)]
        if role is None:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        before = _changes(session)
        attempts = {
            "no token": ({}, 401),
            "wrong token": ({"Authorization": "Bearer cb_not-a-token"}, 401),
            "revoked token": ({"X-API-Token": revoked.secret}, 401),
            **{f"{low.value} token": ({"Authorization": f"Bearer {secrets[low]}"}, 403) for low in BELOW[role]},
        }
        for label, (headers, status) in attempts.items():
            r = client.request(method, url, json={}, headers=headers)
            assert r.status_code == status, (method, path, label, r.text)
            assert r.json()["error"]["status"] == status
            if status == 403:
                assert f"needs the {role.value} role" in r.json()["error"]["message"], (method, path, r.text)
            refusals += 1
        assert _changes(session) == before, (method, path, "a refused request changed something")
        # The role it needs gets past the door (the empty body may then be refused, never as 401/403).
        r = client.request(method, url, json={}, headers={"Authorization": f"Bearer {secrets[role]}"})
        assert r.status_code not in (401, 403), (method, path, r.text)
    assert refusals == sum(3 + len(BELOW[role]) for role in NEEDS.values() if role is not None) == 46


def test_the_web_sign_in_routes_change_nothing_stored(session: Session) -> None:
    client = make_client(session, open_writes=False)
    before = _changes(session)
    assert client.post("/login", data={"token": "cb_wrong"}).status_code == 401
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert _changes(session) == before


def test_roles_in_practice(session: Session) -> None:
    secrets = {role: create_token(session, role.value, role).secret for role in TokenRole}
    session.flush()
    client = make_client(session, open_writes=False)

    def as_(role: TokenRole) -> dict[str, str]:
        return {"Authorization": f"Bearer {secrets[role]}"}

    article = client.post("/api/articles", json={"text": TEXT, "extract": False}, headers=as_(EDITOR)).json()
    body = {"article_id": article["id"], "content": {"start": 1, "end": 23}, "speaker_name": "Ana Brel"}
    first = client.post("/api/attributions", json=body, headers=as_(EDITOR)).json()
    start = TEXT.index("the repairs")
    other = {**body, "content": {"start": start, "end": len(TEXT) - 1}, "speaker_name": "Bo Dunn"}
    second = client.post("/api/attributions", json=other, headers=as_(EDITOR)).json()
    a, b = first["speaker"]["id"], second["speaker"]["id"]
    into = {"into": b}
    assert client.post(f"/api/speakers/{a}/merge", json=into, headers=as_(EDITOR)).status_code == 403
    assert client.post(f"/api/speakers/{a}/merge", json=into, headers=as_(ADMIN)).status_code == 200
    assert client.post(f"/api/speakers/{a}/unmerge", headers=as_(EDITOR)).status_code == 403
    assert client.post(f"/api/speakers/{a}/unmerge", headers=as_(ADMIN)).status_code == 200
    url = f"/api/attributions/{first['id']}"
    assert client.patch(url, json={"status": "rejected"}, headers=as_(EDITOR)).status_code == 200
    assert client.delete(url, headers=as_(EDITOR)).status_code == 403
    assert client.delete(url, headers=as_(ADMIN)).status_code == 204
    # A reader token reads a private instance and writes nothing.
    private = make_client(session, open_writes=False, private=True)
    assert private.get("/api/articles", headers=as_(TokenRole.reader)).status_code == 200
    r = private.patch(f"/api/attributions/{second['id']}", json={"status": "confirmed"}, headers=as_(TokenRole.reader))
    assert r.status_code == 403
