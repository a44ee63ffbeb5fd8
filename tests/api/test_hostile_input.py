"""What a hostile client sent in issue 8, each answered with a 4xx naming the field (or served), on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.api.routes import export
from app.schemas.types import MAX_REPEAT, parse_id
from tests.api.builders import FIRST, SECOND, add_article, code
from tests.api.serving import serving

HUGE = "1180591620717411303424"  # 2^70
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _refused(r: httpx.Response, field: str) -> None:
    assert 400 <= r.status_code < 500, (r.request.url, r.status_code, r.text)
    error = r.json()["error"]
    assert error["field"] == field, (r.request.url, error)
    assert error["message"]


def _coded(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    article = add_article(client, FIRST, outlet="Portville Ledger", published_at="2023-04-02T10:00:00+02:00")
    item = code(client, article, "We will not cut corners on safety", "Marta Q. Lindqvist", quote_type="direct")
    return article, item


@pytest.mark.parametrize("bad", [HUGE, "-" + HUGE, "0", "-1", "2147483648"])
def test_ids_out_of_range_are_4xx_naming_the_field(client: TestClient, bad: str) -> None:
    article, item = _coded(client)
    speaker = item["speaker"]["id"]
    for url in (f"/api/articles/{bad}", f"/api/speakers/{bad}", f"/api/attributions/{bad}", f"/api/claims/{bad}"):
        _refused(client.get(url), url.split("/")[2].rstrip("s") + "_id")
    _refused(client.get(f"/api/attributions/{bad}/history"), "attribution_id")
    _refused(client.patch(f"/api/attributions/{bad}", json={"status": "rejected"}), "attribution_id")
    _refused(client.delete(f"/api/attributions/{bad}"), "attribution_id")
    _refused(client.post(f"/api/speakers/{bad}/unmerge"), "speaker_id")
    for url, field in (
        (f"/api/attributions?speaker={bad}", "speaker"),
        (f"/api/attributions?article={bad}", "article"),
        (f"/api/attributions?claim={bad}", "claim"),
        (f"/api/claims?speaker={bad}", "speaker"),
        (f"/api/speakers?article={bad}", "article"),
        (f"/api/changes?entity_id={bad}", "entity_id"),
        (f"/api/stats/sourcing?speaker={bad}", "speaker"),
        (f"/api/export/attributions?speaker={bad}", "speaker"),
    ):
        _refused(client.get(url), field)
    body_id = int(bad)
    _refused(client.post(f"/api/speakers/{speaker}/merge", json={"into": body_id}), "into")
    content = item["content"]
    _refused(client.post("/api/attributions", json={"article_id": body_id, "content": content}), "article_id")
    for field in ("speaker_id", "via_speaker_id", "parent_id"):
        _refused(client.patch(f"/api/attributions/{item['id']}", json={field: body_id}), field)
    if body_id != 0:  # an offset may be 0
        span = {"start": 0, "end": body_id}
        _refused(client.patch(f"/api/attributions/{item['id']}", json={"content": span}), "content.end")
    assert client.get(f"/api/articles/{article['id']}").status_code == 200  # nothing was broken on the way


def test_json_ids_and_flags_are_not_coerced(client: TestClient) -> None:
    _, item = _coded(client)
    speaker = item["speaker"]["id"]
    for into in ("5", 5.5, True, None):
        _refused(client.post(f"/api/speakers/{speaker}/merge", json={"into": into}), "into")
    _refused(client.post("/api/articles", json={"text": SECOND, "extract": "yes"}), "extract")
    _refused(client.patch(f"/api/attributions/{item['id']}", json={"anonymous": 1}), "anonymous")
    _refused(client.get("/api/attributions?anonymous=1"), "anonymous")
    _refused(client.get("/api/speakers?include_merged=yes"), "include_merged")
    _refused(client.get("/api/articles?total=on"), "total")


def test_outlet_given_as_non_ascii_digits_is_a_name_not_an_id(client: TestClient) -> None:
    article, _ = _coded(client)
    for outlet in ("²", "١", "𝟙", "٣٤"):
        assert parse_id(outlet) is None
        for url in ("/api/attributions", "/api/articles", "/api/stats/sourcing", "/api/export/attributions"):
            r = client.get(url, params={"outlet": outlet})
            assert r.status_code == 200, (url, outlet, r.text)
    assert parse_id(" 12 ") == 12 and parse_id(HUGE) is None and parse_id("0") is None
    # A real outlet id still works, and so does its name.
    outlet_id = client.get("/api/attributions?facet=outlet").json()["facets"]["outlet"][0]
    assert outlet_id["label"] == "Portville Ledger"
    assert [a["id"] for a in client.get("/api/articles?outlet=Portville Ledger").json()["items"]] == [article["id"]]


def test_nul_characters_are_refused_alike_on_both_databases(client: TestClient) -> None:
    _, item = _coded(client)
    speaker = item["speaker"]["id"]
    _refused(client.post("/api/articles", json={"text": "Before\x00after, said Ann.", "extract": False}), "text")
    for field in ("title", "outlet", "url", "source_name"):
        body = {"text": SECOND, "extract": False, field: "bad\x00value"}
        _refused(client.post("/api/articles", json=body), field)
    _refused(client.post("/api/articles", json={"text": SECOND, "authors": ["A\x00B"]}), "authors.0")
    # A lone surrogate is valid JSON but no database can store it.
    lone = b'{"text": "Half a pair: \\ud800, said Ann.", "extract": false}'
    _refused(client.post("/api/articles", content=lone, headers={"content-type": "application/json"}), "text")
    r = client.post(
        "/api/articles",
        files={"file": ("nul.txt", b"Text with a \x00 in it.", "text/plain")},
        data={"extract": "false"},
    )
    _refused(r, "text")
    _refused(client.patch(f"/api/speakers/{speaker}", json={"name": "Ann\x00"}), "name")
    _refused(client.patch(f"/api/speakers/{speaker}", json={"aliases": ["x\x00"]}), "aliases.0")
    _refused(client.post("/api/attributions", json={**_new_attribution(item), "speaker_name": "N\x00"}), "speaker_name")
    for url, field in (
        ("/api/attributions?q=a%00b", "q"),
        ("/api/attributions?speaker_name=%00", "speaker_name"),
        ("/api/attributions?via=%00", "via"),
        ("/api/attributions?outlet=%00", "outlet"),
        ("/api/articles?q=%00", "q"),
        ("/api/speakers?q=%00", "q"),
        ("/api/claims?q=%00", "q"),
        ("/api/changes?actor=%00", "actor"),
        ("/api/export/attributions?q=%00", "q"),
    ):
        _refused(client.get(url), field)
    assert client.get(f"/api/speakers/{speaker}").json()["name"] == "Marta Q. Lindqvist"


def _new_attribution(item: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": item["article"]["id"], "content": item["content"] | {"text": None}}


def test_too_long_values_get_422_not_a_database_error(client: TestClient) -> None:
    _, item = _coded(client)
    _refused(client.post("/api/articles", json={"text": SECOND, "outlet": "x" * 201}), "outlet")
    _refused(client.post("/api/articles", json={"text": SECOND, "language": "x" * 17}), "language")
    _refused(client.patch(f"/api/speakers/{item['speaker']['id']}", json={"descriptor": "x" * 301}), "descriptor")
    _refused(client.get("/api/changes", params={"entity_type": "x" * 33}), "entity_type")


def test_more_repeats_than_the_schema_allows_are_refused_even_when_alike(client: TestClient) -> None:
    """The schema's maxItems counts the values given: repeats merged after the check, not before it."""
    too_many = [("kind", "belief")] * (MAX_REPEAT + 1)
    for path in ("/api/attributions", "/api/review"):
        _refused(client.get(path, params=too_many), "kind")
        assert client.get(path, params=too_many[:MAX_REPEAT]).status_code == 200
        _refused(client.get(path, params=[("kind", "")]), "kind")


def test_dates_out_of_range_or_not_dates_are_refused(client: TestClient) -> None:
    for value in ("0001-01-01T00:00:00+01:00", "0", "20240101", "2024-02-30T10:00:00Z", "yesterday"):
        _refused(client.post("/api/articles", json={"text": SECOND, "published_at": value}), "published_at")
    _refused(client.post("/api/articles", json={"text": SECOND, "published_at": 1714989600}), "published_at")
    for value in ("0", "2024-02-30", "2024-1-5", "99999-01-01", "٢٠٢٤-٠١-٠١"):
        _refused(client.get("/api/attributions", params={"published_from": value}), "published_from")
        _refused(client.get("/api/articles", params={"published_to": value}), "published_to")


def test_datetimes_are_rfc3339_utc_with_z(client: TestClient) -> None:
    article, item = _coded(client)
    # 10:00 at +02:00 is 08:00 UTC.
    assert article["published_at"] == "2023-04-02T08:00:00Z"
    assert RFC3339_UTC.match(article["ingested_at"])
    for key in ("created_at", "updated_at"):
        assert RFC3339_UTC.match(item[key]), item[key]
    assert item["article"]["published_at"] == "2023-04-02T08:00:00Z"
    claim = client.get(f"/api/claims/{item['claim_id']}").json()
    assert RFC3339_UTC.match(claim["created_at"])
    assert RFC3339_UTC.match(client.get("/api/changes").json()["items"][0]["at"])
    rows = client.get("/api/export/attributions?format=csv").text.splitlines()
    assert "2023-04-02T08:00:00Z" in rows[1]
    line = client.get("/api/export/attributions?format=jsonl").text.splitlines()[0]
    assert '"published_at":"2023-04-02T08:00:00Z"' in line


def test_every_schema_reference_resolves_and_every_error_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    refs = set(re.findall(r'"\$ref":\s*"#/components/schemas/([^"]+)"', client.get("/openapi.json").text))
    assert refs and refs <= set(spec["components"]["schemas"]), refs - set(spec["components"]["schemas"])
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"] == "#/components/schemas/ArticleInput"
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/") or path == "/api/health":
            continue
        for method, op in operations.items():
            responses = op["responses"]
            for status in ("401", "422"):
                assert responses[status]["content"]["application/json"]["schema"] == error, (method, path, status)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method != "get":
                assert "409" in responses, (method, path)
            assert op["security"], (method, path)
    times = spec["components"]["schemas"]["AttributionRead"]["properties"]["created_at"]
    assert times["format"] == "date-time"
    export_200 = spec["paths"]["/api/export/attributions"]["get"]["responses"]["200"]["content"]
    assert set(export_200) == {"text/csv", "application/x-ndjson"}
    created = spec["paths"]["/api/articles"]["post"]["responses"]
    assert {"200", "201", "413"} <= set(created)
    assert created["201"]["links"]["GetArticle"]["parameters"] == {"article_id": "$response.body#/id"}


def test_405_names_every_method_of_the_path(client: TestClient) -> None:
    r = client.put("/api/articles/1")
    assert r.status_code == 405
    assert r.headers["allow"] == "DELETE, GET, HEAD"
    assert r.json()["error"]["status"] == 405


def test_export_failing_mid_stream_cuts_the_connection(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _coded(client)
    real = export.iter_all

    def failing(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        first = next(real(*args, **kwargs))
        for _ in range(2000):  # past the first chunks, so the 200 and some rows are already out
            yield first
        raise RuntimeError("the database went away")

    monkeypatch.setattr(export, "iter_all", failing)
    with serving(client.app) as base:
        for fmt in ("csv", "jsonl"):
            received = bytearray()
            url = f"{base}/api/export/attributions?format={fmt}"
            with pytest.raises(httpx.RemoteProtocolError), httpx.stream("GET", url, timeout=20) as r:
                assert r.status_code == 200
                for chunk in r.iter_bytes():
                    received += chunk
            assert received, "the first rows arrive before the failure"


def test_export_failing_before_its_first_row_is_an_error_status(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        raise RuntimeError("the database went away")
        yield {}

    monkeypatch.setattr(export, "iter_all", failing)
    with serving(client.app) as base:
        r = httpx.get(f"{base}/api/export/attributions", timeout=20)
        assert r.status_code == 500


def test_values_read_from_the_text_fit_their_columns_on_both_databases(client: TestClient) -> None:
    # A client's fields are capped by the schema; what the store reads out of a text is cut to its column.
    long_name = " ".join(f"Zyx{'a' * 40}{i}" for i in range(12))
    text = (
        f"Headline\nBy {'Q' * 400} {'R' * 300}\n\n{'PORTVILLE' * 40} — Things happened.\n\n"
        f"“The plan is safe,” said {long_name}, a spokesman.\n"
    )
    r = client.post("/api/articles", json={"text": text})
    assert r.status_code == 201, r.text[:500]
    article = r.json()
    assert article["text"] == text  # the text itself is never cut
    assert article["dateline"] and len(article["dateline"]) <= 200
    for speaker in client.get("/api/speakers", params={"limit": 500}).json()["items"]:
        assert len(speaker["name"]) <= 300


def _example(schema: dict[str, Any]) -> str:
    """A valid-looking value of a query parameter's schema (the check runs before the value is read)."""
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return str(option["enum"][0])
        if option.get("type") in ("integer", "number"):
            return str(max(1, option.get("minimum", 1)))
        if option.get("type") == "boolean":
            return "true"
    return "x"


def test_a_single_valued_parameter_given_twice_is_refused_naming_it(client: TestClient) -> None:
    """`?limit=10&limit=20` has no one meaning: every documented single-valued query parameter of every
    GET operation is refused when repeated, while a repeatable one (an array) still takes both."""
    spec = client.get("/openapi.json").json()
    checked = 0
    for path, operations in spec["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        for param in operations["get"].get("parameters", []):
            if param["in"] != "query" or param["schema"].get("type") == "array":
                continue
            value = _example(param["schema"])
            _refused(client.get(path, params=[(param["name"], value), (param["name"], value)]), param["name"])
            checked += 1
    assert checked >= 20, checked
    assert client.get("/api/attributions", params=[("kind", "speech"), ("kind", "belief")]).status_code == 200
    assert client.get("/api/attributions", params={"limit": 5}).status_code == 200
