"""What the OpenAPI schema says beyond what FastAPI infers: error responses in the one error shape,
streamed media types, the JSON body of an upload route, how to send a token, and the links between
operations (a created record can be read, changed and deleted by the id in the response).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.schemas.common import ErrorResponse, StaleRecordResponse

ERROR_DESCRIPTIONS = {
    400: "The request is malformed: a body that is not JSON, a cursor this list did not give out, or a Host "
    "this server does not answer for.",
    401: "No API token where one is needed, or one that is unknown or revoked.",
    403: "The token's role may not do this, or a browser sent the write from another site.",
    404: "No record with this id.",
    409: "The change conflicts with what is stored now.",
    413: "The body is larger than the limit.",
    412: "The record changed since the version named in If-Match was read; `current` holds it as stored now.",
    415: "The body is not JSON (`application/json`; the article upload also takes `multipart/form-data`).",
    422: "A value is invalid; `error.field` names it.",
    503: "The database stayed locked by other writes longer than the server waits (CLAIMBASE_LOCK_WAIT_SECONDS); "
    "nothing was changed. Send the same request again after `Retry-After` seconds.",
}
# What the request guard (app/api/guard.py) and the roles may answer to any request, or to any write.
GUARD_STATUSES = (400,)
WRITE_GUARD_STATUSES = (400, 403, 415)

CSV_MEDIA = "text/csv; charset=utf-8"
NDJSON_MEDIA = "application/x-ndjson"
SECURITY_SCHEMES = {
    "bearerToken": {"type": "http", "scheme": "bearer", "description": "An API token: `claimbase token create`."},
    "tokenHeader": {"type": "apiKey", "in": "header", "name": "X-API-Token", "description": "The same token."},
}
# Writes need a token once any exists; reads only on a private instance (hence the empty alternative).
WRITE_SECURITY: list[dict[str, list[str]]] = [{"bearerToken": []}, {"tokenHeader": []}]
READ_SECURITY: list[dict[str, list[str]]] = [{}, *WRITE_SECURITY]
WRITE_METHODS = {"post", "put", "patch", "delete"}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route for these error statuses, all in the one error shape.

    401 (a bad token can come with any request) and 422 (any parameter can be invalid) are always there.
    """
    wanted = sorted({401, 422, *statuses})
    models = {412: StaleRecordResponse}
    return {
        status: {"model": models.get(status, ErrorResponse), "description": ERROR_DESCRIPTIONS[status]}
        for status in wanted
    }


def streamed_responses(schema_ref: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    """A 200 that is CSV or NDJSON (one `schema_ref` object per line), plus the error responses."""
    return {
        200: {
            "description": "A CSV file with a header row, or NDJSON with one object per line.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                NDJSON_MEDIA: {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}},
            },
            "headers": {
                "Content-Disposition": {"description": "The file name to save as.", "schema": {"type": "string"}}
            },
        },
        **error_responses(*errors),
    }


def _ref(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _link(path: str, method: str, **parameters: str) -> dict[str, Any]:
    return {"operationRef": _ref(path, method), "parameters": parameters}


ARTICLE = "/api/articles/{article_id}"
ATTRIBUTION = "/api/attributions/{attribution_id}"
SPEAKER = "/api/speakers/{speaker_id}"
CLAIM = "/api/claims/{claim_id}"
_ARTICLE_LINKS = {
    "GetArticle": _link(ARTICLE, "get", article_id="$response.body#/id"),
    "DeleteArticle": _link(ARTICLE, "delete", article_id="$response.body#/id"),
}
_ATTRIBUTION_LINKS = {
    "GetAttribution": _link(ATTRIBUTION, "get", attribution_id="$response.body#/id"),
    "UpdateAttribution": _link(ATTRIBUTION, "patch", attribution_id="$response.body#/id"),
    "DeleteAttribution": _link(ATTRIBUTION, "delete", attribution_id="$response.body#/id"),
    "GetAttributionHistory": _link(ATTRIBUTION + "/history", "get", attribution_id="$response.body#/id"),
    "GetClaim": _link(CLAIM, "get", claim_id="$response.body#/claim_id"),
    "GetArticle": _link(ARTICLE, "get", article_id="$response.body#/article/id"),
}
_SPEAKER_LINKS = {
    "GetSpeaker": _link(SPEAKER, "get", speaker_id="$response.body#/id"),
    "UpdateSpeaker": _link(SPEAKER, "patch", speaker_id="$response.body#/id"),
    "MergeSpeaker": _link(SPEAKER + "/merge", "post", speaker_id="$response.body#/id"),
    "UnmergeSpeaker": _link(SPEAKER + "/unmerge", "post", speaker_id="$response.body#/id"),
}
# (path, method, status) -> the operations its response leads to.
LINKS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("/api/articles", "post", "201"): _ARTICLE_LINKS,
    ("/api/articles", "post", "200"): _ARTICLE_LINKS,
    ("/api/attributions", "post", "201"): _ATTRIBUTION_LINKS,
    (ATTRIBUTION, "get", "200"): _ATTRIBUTION_LINKS,
    (ATTRIBUTION, "patch", "200"): _ATTRIBUTION_LINKS,
    (SPEAKER, "get", "200"): _SPEAKER_LINKS,
    (SPEAKER, "patch", "200"): _SPEAKER_LINKS,
    (SPEAKER + "/merge", "post", "200"): _SPEAKER_LINKS,
    (SPEAKER + "/unmerge", "post", "200"): _SPEAKER_LINKS,
    (CLAIM, "get", "200"): {"GetClaimAgain": _link(CLAIM, "get", claim_id="$response.body#/id")},
}


def _error_response(status: int) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/ErrorResponse"}
    return {"description": ERROR_DESCRIPTIONS[status], "content": {"application/json": {"schema": schema}}}


def _busy_response() -> dict[str, Any]:
    retry_after = {"description": "Seconds to wait before sending the request again.", "schema": {"type": "integer"}}
    return {**_error_response(503), "headers": {"Retry-After": retry_after}}


def _add_models(spec: dict[str, Any], models: list[type[BaseModel]]) -> None:
    """Components for models a route names only in `openapi_extra` (an upload route's JSON body)."""
    _, defs = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/components/schemas/{model}"
    )
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in defs.get("$defs", {}).items():
        components.setdefault(name, schema)


def _finish(spec: dict[str, Any]) -> None:
    spec.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            operation["security"] = WRITE_SECURITY if method in WRITE_METHODS else READ_SECURITY
            responses = operation.setdefault("responses", {})
            for status in WRITE_GUARD_STATUSES if method in WRITE_METHODS else GUARD_STATUSES:
                responses.setdefault(str(status), _error_response(status))
            responses.setdefault("503", _busy_response())  # any request may find the database locked too long
            for status, response in operation.get("responses", {}).items():
                links = LINKS.get((path, method, status))
                if links:
                    response["links"] = links
    # FastAPI's own validation-error models: every 422 here is an ErrorResponse.
    schemas = spec["components"].get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def matching_paths(spec: dict[str, Any], url_path: str) -> list[str]:
    """The documented path templates (`/api/articles/{article_id}`) that a request path matches."""
    return [
        template
        for template in spec.get("paths", {})
        if re.fullmatch(re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)), url_path)
    ]


def install_openapi(app: FastAPI, extra_models: list[type[BaseModel]]) -> None:
    """Serve the completed schema at /openapi.json (built once, on first need). Requests run on threads, and
    FastAPI's builder is not thread-safe (two building at once fail with a KeyError): one builds, the others wait."""
    building = threading.Lock()

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        with building:
            if app.openapi_schema is not None:  # built while this one waited
                return app.openapi_schema
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _add_models(spec, extra_models)
            _finish(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
