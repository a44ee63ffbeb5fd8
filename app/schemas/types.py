"""Input and output types shared by the API's schemas and filters.

Every value a client sends is checked here so that both databases accept and refuse the same
inputs: ids stay inside PostgreSQL's `integer`, text holds no NUL character (PostgreSQL cannot store
one; SQLite would) and no lone surrogate (neither can encode one), and times come out in RFC 3339
with a `Z`, the way the schema promises.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    WithJsonSchema,
    model_validator,
)

# Primary keys are PostgreSQL `integer` columns (SQLite's are wider): anything beyond can match nothing.
ID_MAX = 2**31 - 1
# The same bound for character offsets and counts a client sends.
INT_MAX = ID_MAX
# How often a filter may repeat in one request.
MAX_REPEAT = 100
_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].+)?")
NAIVE_DATETIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$"
# What the schema tells clients about text: no NUL character (lone surrogates cannot be sent as UTF-8).
NO_NUL_PATTERN = "^[^\\x00]*$"


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\u0000) characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must not contain unpaired surrogates") from exc
    return value


def parse_id(value: str) -> int | None:
    """The id a string spells in ASCII digits (within the id range), else None: `²` and `١` are not ids."""
    value = value.strip()
    if not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None


def parse_flag(value: Any) -> Any:
    """Flags in queries and forms are `true` or `false`, as the schema says; not `1`, `yes`, `on` or `t`."""
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError("must be true or false")
        return value == "true"
    return value


def _iso_date(value: Any) -> Any:
    """A calendar date as YYYY-MM-DD (never a number read as a Unix time)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a date as YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    """An ISO 8601 / RFC 3339 string (or a datetime), never a number read as a Unix time."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.fullmatch(value)):
        return value
    raise ValueError("must be a date-time as in RFC 3339, e.g. 2024-05-06T12:40:00Z")


def to_utc_naive(value: datetime) -> datetime:
    """A time as naive UTC, the way both databases store it; an offset that moves it out of range is refused."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as exc:
        raise ValueError("is out of range once converted to UTC") from exc


def rfc3339(value: datetime) -> str:
    """A stored (naive UTC) or aware time as RFC 3339 in UTC with a `Z`: 2024-05-06T12:40:00Z."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def _patch_schema(schema: dict[str, Any]) -> None:
    # Every field may be left out (a default would read as a value to send); at least one is sent.
    schema["minProperties"] = 1
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


def left_out() -> Any:
    """The default of a PATCH field that may be left out but not sent as null (its type shows no null)."""
    return Field(default=None)


PATCH_CONFIG = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)


class PatchBody(BaseModel):
    """A PATCH body: unknown fields refused, and at least one field sent (as its schema's minProperties says),
    so an empty edit is refused as invalid input before any precondition is looked at."""

    model_config = PATCH_CONFIG

    @model_validator(mode="before")
    @classmethod
    def _not_empty(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data:
            raise ValueError("send at least one field to change")
        return data


# Ids in paths, queries and bodies: 1 .. 2^31-1.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
IdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="The id of the record.")]
# In a JSON body an id is a JSON integer: "5", 5.0 and true are refused.
BodyId = Annotated[int, Strict(), Field(ge=1, le=ID_MAX)]
Offset = Annotated[int, Strict(), Field(ge=0, le=INT_MAX)]
StrictBool = Annotated[bool, Strict()]
QueryBool = Annotated[bool, BeforeValidator(parse_flag)]
IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
# A time a client sends: RFC 3339, or without an offset (taken as UTC), or a date alone (midnight UTC).
INPUT_DATETIME_FORMS: list[dict[str, Any]] = [
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": NAIVE_DATETIME_PATTERN},
]
InputDatetime = Annotated[datetime, BeforeValidator(_iso_datetime), WithJsonSchema({"anyOf": INPUT_DATETIME_FORMS})]
# Text both databases store alike; the pattern tells clients about the NUL rule.
Text = Annotated[str, AfterValidator(_storable), Field(json_schema_extra={"pattern": NO_NUL_PATTERN})]
# Stored times (naive UTC) written out as RFC 3339 with Z.
UtcDatetime = Annotated[
    datetime,
    PlainSerializer(rfc3339, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]
# An outlet in a filter: its id or its name.
OutletRef = Annotated[Text, Field(max_length=200)]
