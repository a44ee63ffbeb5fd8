"""Schemathesis hooks of tests/api/test_fuzz_schema.py.

- Every NDJSON export line is checked against its schema: Schemathesis cannot validate a streamed
  `application/x-ndjson` body itself; the schema documents one AttributionRead per line, so this check
  validates each line (formats included: times must be RFC 3339).
- A multipart form carries text: a field Schemathesis generated as a number, a boolean or null goes on
  the wire as its spelling ("12", "false", "null"), a valid string. Schemathesis means to judge such a
  negative case by what was sent, but a file part (bytes) makes its reading fail, so it reports the
  server's acceptance as a schema violation. A negative multipart case whose fields, read as the text
  sent, satisfy the schema is therefore not sent (a list is sent as repeated fields, of which the server
  reads one); every other negative case (a missing file, a date that is not one) still is.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import schemathesis

NDJSON = "application/x-ndjson"
MULTIPART = "multipart/form-data"


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


def _as_sent(value: Any) -> str:
    """The text a multipart field carries: a file's bytes as a binary string, other values spelled."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (bool, dict)) or value is None:
        return json.dumps(value)
    return str(value)


def _readings(text: str) -> list[Any]:
    """How a server may read a field's text: as text, or parsed (a boolean, a number)."""
    try:
        return [text, json.loads(text)]
    except ValueError:
        return [text]


def _valid_as_sent(schema: dict, body: dict) -> bool:
    if any(name not in body or body[name] == [] for name in schema.get("required", [])):
        return False
    for name, value in body.items():
        if value == []:  # an empty list sends no field
            continue
        text = _as_sent(value[0] if isinstance(value, list) else value)  # repeated fields: one is read
        field = jsonschema_rs.validator_for(schema["properties"].get(name, {}), validate_formats=True)
        if not any(field.is_valid(reading) for reading in _readings(text)):
            return False
    return True


@schemathesis.hook
def filter_case(ctx: Any, case: Any) -> bool:
    """False for a negative multipart case that is valid as sent (see the module's docstring)."""
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if not negative or case.media_type != MULTIPART or not isinstance(case.body, dict):
        return True
    schema = case.operation.definition.raw["requestBody"]["content"][MULTIPART]["schema"]
    return not _valid_as_sent(schema, case.body)
