from __future__ import annotations

from fastapi.testclient import TestClient

from app.migrations_support import head_revision


def test_health_names_the_database_and_schema(client: TestClient, backend: str) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["database"] == backend
    assert body["schema_revision"] == head_revision()
    assert body["version"]


def test_bad_parameters_answer_4xx_naming_the_parameter(client: TestClient) -> None:
    cases = {
        "/api/attributions?facet=colour": "facet",
        "/api/attributions?published_from=2024-13-45": "published_from",
        "/api/attributions?limit=-1": "limit",
        "/api/attributions?limit=100000": "limit",
        "/api/attributions?cursor=not-a-cursor": "cursor",
        "/api/attributions?sort=sideways": "sort",
        "/api/attributions?quote_type=shouted": "quote_type",
        "/api/attributions?speaker=abc": "speaker",
        "/api/attributions?colour=red": "colour",
        "/api/speakers?kind=alien": "kind",
        "/api/stats/sourcing?group_by=weather": "group_by",
        "/api/export/attributions?format=xls": "format",
        "/api/claims?min_reports=0": "min_reports",
    }
    for url, field in cases.items():
        r = client.get(url)
        assert 400 <= r.status_code < 500, (url, r.status_code, r.text)
        error = r.json()["error"]
        assert error["field"] == field, (url, error)
        assert error["message"]


def test_tampered_cursor_is_refused(client: TestClient) -> None:
    for i in range(3):
        text = f"Paragraph {i}.\n\n“Line {i} was spoken aloud,” said Ruth Example, a spokeswoman."
        assert client.post("/api/articles", json={"text": text, "extract": False}).status_code == 201
    r = client.get("/api/articles?limit=1")
    cursor = r.json()["next"]
    assert cursor
    tampered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
    r = client.get(f"/api/articles?limit=1&cursor={tampered}")
    assert r.status_code == 400 and r.json()["error"]["field"] == "cursor"
    # A cursor of one list is not accepted by another.
    r = client.get(f"/api/attributions?cursor={cursor}")
    assert r.status_code == 400 and r.json()["error"]["field"] == "cursor"


def test_unknown_ids_are_404(client: TestClient) -> None:
    for url in ("/api/articles/999999", "/api/speakers/999999", "/api/attributions/999999", "/api/claims/999999"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "not found" in r.json()["error"]["message"]


def test_every_query_parameter_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    missing = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                if p["in"] == "query" and not p.get("description"):
                    missing.append(f"{method.upper()} {path} ?{p['name']}")
            if not op.get("summary") and not op.get("description"):
                missing.append(f"{method.upper()} {path} has no docstring")
    assert missing == []
