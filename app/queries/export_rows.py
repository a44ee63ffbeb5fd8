"""CSV rows and JSONL lines of attribution list items, shared by `claimbase export` and the REST export."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from app.schemas.attribution import AttributionRead
from app.schemas.types import rfc3339

COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "outlet",
    "published_at",
    "speaker_id",
    "speaker",
    "speaker_kind",
    "claim_id",
    "content",
    "content_start",
    "content_end",
    "cue",
    "speaker_mention",
    "kind",
    "quote_type",
    "stance",
    "anonymous",
    "anonymity_reason",
    "via",
    "parent_id",
    "origin",
    "status",
    "confidence",
]


def csv_header() -> list[str]:
    return list(COLUMNS)


def cell(value: Any) -> str:
    """One value as CSV text: empty for none, lower-case booleans, ISO dates, enum values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def jsonl_line(item: dict[str, Any]) -> str:
    """One item of `app.queries.attributions.item_rows` as a JSON line: the API's AttributionRead, times in UTC."""
    return AttributionRead.model_validate(item).model_dump_json() + "\n"


def _text(span: dict[str, Any] | None) -> str | None:
    return span["text"] if span else None


def csv_row(item: dict[str, Any]) -> list[str]:
    """The row for one item of `app.queries.attributions.item_rows`, in `csv_header()` order.

    Span columns hold the span's text; their offsets are in the JSONL export (content's are here too).
    anonymity_reason is the reason as the article words it, else its category when only that is known.
    """
    article = item["article"]
    speaker = item.get("speaker") or {}
    via = item.get("via") or {}
    content = item["content"]
    reason = _text(item.get("anonymity_reason")) or item.get("anonymity_reason_category")
    values = {
        "id": item["id"],
        "article_id": article["id"],
        "article_title": article.get("title"),
        "outlet": article.get("outlet"),
        "published_at": article.get("published_at"),
        "speaker_id": speaker.get("id"),
        "speaker": speaker.get("name"),
        "speaker_kind": speaker.get("kind"),
        "claim_id": item.get("claim_id"),
        "content": content["text"],
        "content_start": content["start"],
        "content_end": content["end"],
        "cue": _text(item.get("cue")),
        "speaker_mention": _text(item.get("speaker_mention")),
        "kind": item.get("kind"),
        "quote_type": item.get("quote_type"),
        "stance": item.get("stance"),
        "anonymous": item.get("anonymous"),
        "anonymity_reason": reason,
        "via": via.get("name"),
        "parent_id": item.get("parent_id"),
        "origin": item.get("origin"),
        "status": item.get("status"),
        "confidence": item.get("confidence"),
    }
    return [cell(values[c]) for c in COLUMNS]
