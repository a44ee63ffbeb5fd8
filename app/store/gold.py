"""Importing hand annotations in the gold format (one JSON file per article, keyed by doc_id)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.spans import iou
from app.models import (
    AnonymityReason,
    Article,
    Attribution,
    AttributionKind,
    Origin,
    QuoteType,
    SpeakerKind,
    Stance,
    Status,
)
from app.store.attributions import AttributionFields, create_attribution
from app.store.clusters import cluster_article
from app.store.errors import InputError
from app.store.speakers import SpeakerSpec, relay_speaker, resolve_speaker


class GoldSpan(BaseModel):
    text: str
    start: int
    end: int


class GoldAttribution(BaseModel):
    source: GoldSpan | None = None
    cue: GoldSpan | None = None
    content: GoldSpan
    kind: AttributionKind = AttributionKind.speech
    entity: str | None = None
    source_kind: SpeakerKind = SpeakerKind.person
    anonymous: bool = False
    anonymity_reason: GoldSpan | None = None
    anonymity_reason_category: AnonymityReason | None = None
    quote_type: QuoteType = QuoteType.indirect
    stance: Stance = Stance.asserts
    via: GoldSpan | None = None


class GoldFile(BaseModel):
    doc_id: str
    attributions: list[GoldAttribution]


def is_gold_file(data: Any) -> bool:
    return isinstance(data, dict) and "doc_id" in data and "attributions" in data and "text" not in data


@dataclass
class GoldImport:
    article_id: int
    added: int
    already: int


def _check(article: Article, span: GoldSpan | None, field: str) -> tuple[int, int] | None:
    if span is None:
        return None
    if article.text[span.start : span.end] != span.text:
        raise InputError(field, f"[{span.start}, {span.end}) does not hold {span.text[:40]!r} in the article text")
    return span.start, span.end


def import_gold(session: Session, raw: dict[str, Any]) -> GoldImport:
    """Attach a gold file's attributions to the article ingested from the file named by its doc_id."""
    try:
        gold = GoldFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(".".join(str(p) for p in first["loc"]), first["msg"]) from exc
    article = session.scalar(select(Article).where(Article.source_name == gold.doc_id))
    if article is None:
        raise InputError("doc_id", f"no article was ingested from a file named {gold.doc_id!r}; ingest it first")
    stored = list(session.scalars(select(Attribution).where(Attribution.article_id == article.id)))
    existing = {(a.content_start, a.content_end, a.speaker_start) for a in stored}
    # Untouched machine suggestions give way to a person's annotation of the same content.
    suggestions = [a for a in stored if a.untouched]
    by_source: dict[tuple[int, int], Attribution] = {}
    pending_parent: list[tuple[Attribution, tuple[int, int]]] = []
    added = already = 0
    for i, g in enumerate(gold.attributions):
        where = f"attributions[{i}]"
        content = _check(article, g.content, f"{where}.content")
        source = _check(article, g.source, f"{where}.source")
        cue = _check(article, g.cue, f"{where}.cue")
        reason = _check(article, g.anonymity_reason, f"{where}.anonymity_reason")
        via = _check(article, g.via, f"{where}.via")
        assert content is not None
        if (content[0], content[1], source[0] if source else None) in existing:
            already += 1
            continue
        for a in [a for a in suggestions if iou((a.content_start, a.content_end), content) >= 0.5]:
            suggestions.remove(a)
            session.delete(a)
        speaker = None
        name = g.entity or (g.source.text if g.source else None)
        if name:
            aliases = (g.source.text,) if g.source else ()
            kind = SpeakerKind.anonymous if g.anonymous else g.source_kind
            speaker = resolve_speaker(
                session,
                SpeakerSpec(name=name, kind=kind, aliases=aliases, descriptor=name if g.anonymous else None),
                article,
            )
        a = create_attribution(
            session,
            article,
            speaker,
            AttributionFields(
                content=content,
                kind=g.kind,
                cue=cue,
                speaker_mention=source,
                quote_type=g.quote_type,
                stance=g.stance,
                anonymous=g.anonymous,
                anonymity_reason=reason,
                anonymity_reason_category=g.anonymity_reason_category,
                via=via,
                origin=Origin.manual,
                status=Status.confirmed,
            ),
            cluster=False,
        )
        added += 1
        if source:
            by_source.setdefault(source, a)
        if via:
            pending_parent.append((a, via))
    session.flush()
    for a, via in pending_parent:
        # The outer attribution is the one whose source is the relaying outlet's mention.
        # Otherwise the relay is only named (told the X News): an outlet speaker stands for it.
        parent = by_source.get(via)
        if parent is not None and parent is not a:
            a.parent = parent
            a.via_speaker = parent.speaker
        else:
            a.via_speaker = relay_speaker(session, article, via)
    session.flush()
    cluster_article(session, article)
    return GoldImport(article_id=article.id, added=added, already=already)
