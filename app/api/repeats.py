"""A query parameter that takes one value, given twice, is refused (422 naming it) instead of read as the last.

`?limit=10&limit=500` or `?anonymous=true&anonymous=false` has no single meaning; Starlette would keep the
last value and answer as if the first were never sent. Which parameters are repeatable is what the
OpenAPI schema says (an `array` schema): the check reads the operation's documented parameters, so the
contract a client reads and the one enforced are the same.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import Request

from app.api.openapi import matching_paths
from app.store.errors import InputError


def _repeatable(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        return True
    return any(_repeatable(s) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def single_valued(openapi: dict[str, Any], path: str, method: str) -> frozenset[str]:
    """The query parameters of one operation that take a single value."""
    operation = openapi.get("paths", {}).get(path, {}).get(method.lower(), {})
    return frozenset(
        p["name"]
        for p in operation.get("parameters", [])
        if p.get("in") == "query" and not _repeatable(p.get("schema", {}))
    )


def refuse_repeated_values(request: Request) -> None:
    """Router dependency: 422 when a single-valued query parameter is given more than once."""
    counts = Counter(name for name, _ in request.query_params.multi_items())
    repeated = [name for name, n in counts.items() if n > 1]
    if not repeated:
        return
    method = "GET" if request.method == "HEAD" else request.method
    spec = request.app.openapi()  # built once, then held by the app
    once = {name for path in matching_paths(spec, request.url.path) for name in single_valued(spec, path, method)}
    for name in repeated:
        if name in once:
            raise InputError(name, f"given {counts[name]} times; this parameter takes one value")
