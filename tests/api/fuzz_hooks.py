"""Schemathesis hooks of tests/api/test_fuzz_schema.py: every NDJSON export line is checked against its schema.

Schemathesis cannot validate a streamed `application/x-ndjson` body itself; the schema documents one
AttributionRead per line, so this check validates each line (formats included: times must be RFC 3339).
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import schemathesis

NDJSON = "application/x-ndjson"


def _content_type(response: Any) -> str:
    value = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    return value[0] if isinstance(value, list) else value


@schemathesis.check
def ndjson_lines_conform(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code != 200 or not _content_type(response).startswith(NDJSON):
        return None
    media = case.operation.definition.raw["responses"]["200"]["content"][NDJSON]["schema"]
    raw = case.operation.schema.raw_schema
    validator = jsonschema_rs.validator_for({**media, "components": raw["components"]}, validate_formats=True)
    for number, line in enumerate(response.content.decode("utf-8").splitlines(), 1):
        errors = [e.message for e in validator.iter_errors(json.loads(line))]
        if errors:
            raise AssertionError(f"NDJSON line {number} breaks the schema: {errors[:3]}")
    return None
