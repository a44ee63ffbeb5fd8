"""Attributions as W3C Web Annotations (JSON-LD): a quote and a position selector on the stored article text.

One annotation per attribution: its target is the article (the text exactly as stored, so the
TextPositionSelector's code-point offsets hold), its bodies name the speaker, the relay, the claim
and the attribution's kind, quote type and stance. `claimbase export --format annotations` and
`GET /api/export/annotations` write the same document.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Article
from app.schemas.types import rfc3339

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
# Characters of context on each side of the quote, as the TextQuoteSelector's prefix and suffix.
CONTEXT_CHARS = 32


class Iris:
    """The IRIs of claimbase's records: under the API's base URL, or `urn:claimbase:` when there is none."""

    def __init__(self, base_url: str | None) -> None:
        self.base = base_url.rstrip("/") + "/api" if base_url else None

    def of(self, kind: str, id_: int) -> str:
        if self.base:
            return f"{self.base}/{kind}s/{id_}"
        return f"urn:claimbase:{kind}:{id_}"


class ArticleTexts:
    """The stored texts of the articles being annotated, a few at a time (exports run in article order)."""

    def __init__(self, session: Session, keep: int = 64) -> None:
        self.session = session
        self.keep = keep
        self.cache: OrderedDict[int, str] = OrderedDict()

    def __getitem__(self, article_id: int) -> str:
        if article_id not in self.cache:
            self.cache[article_id] = self.session.scalar(select(Article.text).where(Article.id == article_id)) or ""
            if len(self.cache) > self.keep:
                self.cache.popitem(last=False)
        self.cache.move_to_end(article_id)
        return self.cache[article_id]


def _tag(value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": "tagging", "value": value}


def annotation(item: dict[str, Any], text: str, iris: Iris) -> dict[str, Any]:
    """One attribution list item (`item_rows`) as a Web Annotation on its article's text."""
    content = item["content"]
    start, end = content["start"], content["end"]
    speaker = item["speaker"]
    bodies: list[dict[str, Any]] = []
    if speaker:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": iris.of("speaker", speaker["id"]),
                "label": speaker["name"],
            }
        )
    via = item.get("via")
    if via and via.get("speaker_id"):
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": iris.of("speaker", via["speaker_id"]),
                "label": f"relayed by {via['name']}",
            }
        )
    bodies.append({"type": "SpecificResource", "purpose": "linking", "source": iris.of("claim", item["claim_id"])})
    for field in ("kind", "quote_type", "stance"):
        value = item.get(field)
        if value is not None:
            bodies.append(_tag(f"{field}:{getattr(value, 'value', value)}"))
    if item.get("anonymous"):
        bodies.append(_tag("anonymous"))
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": iris.of("attribution", item["id"]),
        "type": "Annotation",
        "motivation": "classifying",
        "body": bodies,
        "target": {
            "source": iris.of("article", item["article"]["id"]),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                    "suffix": text[end : end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
    if item.get("created_at"):
        out["created"] = rfc3339(item["created_at"])
    return out


def annotation_page(session: Session, items: Iterator[dict[str, Any]], iris: Iris) -> Iterator[str]:
    """An AnnotationPage (JSON-LD) holding an annotation per item, written piece by piece."""
    texts = ArticleTexts(session)
    yield json.dumps({"@context": CONTEXT, "type": "AnnotationPage"})[:-1] + ', "items": ['
    for n, item in enumerate(items):
        body = annotation(item, texts[item["article"]["id"]], iris)
        body.pop("@context")
        yield ("," if n else "") + "\n" + json.dumps(body, ensure_ascii=False)
    yield "\n]}\n"
