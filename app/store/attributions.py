"""Attributions: checked spans, claims shared across articles, and a history of every edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AnonymityReason,
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Origin,
    QuoteType,
    Speaker,
    Stance,
    Status,
)
from app.store import history
from app.store.claims import get_or_create_claim
from app.store.clusters import recluster_article
from app.store.errors import InputError
from app.store.speakers import relay_speaker

Span = tuple[int, int]


class HasText(Protocol):
    """An article, or anything holding its text."""

    text: str


def check_span(article: HasText, span: Span | None, field: str, *, required: bool = False) -> Span | None:
    """A span must lie inside the article text and hold at least one non-space character."""
    if span is None:
        if required:
            raise InputError(field, "is required")
        return None
    start, end = span
    if not (0 <= start < end <= len(article.text)):
        raise InputError(field, f"span [{start}, {end}) lies outside the article text (length {len(article.text)})")
    if not article.text[start:end].strip():
        raise InputError(field, f"span [{start}, {end}) holds only white space")
    return span


@dataclass
class AttributionFields:
    content: Span
    kind: AttributionKind = AttributionKind.speech
    cue: Span | None = None
    speaker_mention: Span | None = None
    quote_type: QuoteType = QuoteType.indirect
    stance: Stance = Stance.asserts
    anonymous: bool = False
    anonymity_reason: Span | None = None
    anonymity_reason_category: AnonymityReason | None = None
    via: Span | None = None
    via_speaker: Speaker | None = None
    parent: Attribution | None = None
    origin: Origin = Origin.manual
    status: Status = Status.confirmed
    confidence: float | None = None
    extractor_version: str | None = None


def create_attribution(
    session: Session,
    article: Article,
    speaker: Speaker | None,
    f: AttributionFields,
    claim: Claim | None = None,
    *,
    cluster: bool = True,
) -> Attribution:
    """Store one attribution; `cluster=False` when the caller clusters the article once after writing many,
    and `claim` is its content's claim when the caller looked claims up in bulk."""
    attribution = Attribution()
    _fill(session, attribution, article, speaker, f, claim)
    attribution.article = article  # last: joining the article's list adds the row to the session
    session.add(attribution)
    if cluster:
        session.flush()
        recluster_article(session, article)
    return attribution


def refresh_suggestion(session: Session, a: Attribution, speaker: Speaker | None, f: AttributionFields) -> None:
    """A newer extractor's reading of the same suggestion, written over it (its id stays).

    Only for untouched suggestions: what a person decided is never rewritten by a machine.
    """
    if not a.untouched:
        raise ValueError(f"attribution {a.id} holds a person's decision; re-extraction does not rewrite it")
    _fill(session, a, a.article, speaker, f)


def _fill(
    session: Session,
    a: Attribution,
    article: Article,
    speaker: Speaker | None,
    f: AttributionFields,
    claim: Claim | None = None,
) -> None:
    """Every field of `a` from `f`, its spans checked against the article text; `claim` when looked up already."""
    content = check_span(article, f.content, "content", required=True)
    assert content is not None
    for span, field in (
        (f.cue, "cue"),
        (f.speaker_mention, "speaker_mention"),
        (f.anonymity_reason, "anonymity_reason"),
        (f.via, "via"),
    ):
        check_span(article, span, field)
    text = article.text[content[0] : content[1]]
    claim = claim or get_or_create_claim(session, text)  # before any change: finding the claim may flush the session
    a.content_start, a.content_end = content
    a.content_text = text
    a.claim = claim
    a.speaker = speaker
    a.kind = f.kind
    a.cue_start, a.cue_end = f.cue or (None, None)
    a.speaker_start, a.speaker_end = f.speaker_mention or (None, None)
    a.quote_type = f.quote_type
    a.stance = f.stance
    a.anonymous = f.anonymous
    a.anonymity_reason_start, a.anonymity_reason_end = f.anonymity_reason or (None, None)
    a.anonymity_reason_category = f.anonymity_reason_category
    a.via_speaker = f.via_speaker or (relay_speaker(session, article, f.via) if f.via else None)
    a.via_start, a.via_end = f.via or (None, None)
    a.parent = f.parent
    a.origin = f.origin
    a.status = f.status
    a.confidence = f.confidence
    a.extractor_version = f.extractor_version


def snapshot(a: Attribution) -> dict[str, Any]:
    """The editable state of an attribution, as the change history keeps it."""
    return {
        "speaker_id": a.speaker_id,
        "content": [a.content_start, a.content_end],
        "cue": [a.cue_start, a.cue_end] if a.cue_start is not None else None,
        "speaker_mention": [a.speaker_start, a.speaker_end] if a.speaker_start is not None else None,
        "kind": a.kind.value,
        "quote_type": a.quote_type.value,
        "stance": a.stance.value,
        "anonymous": a.anonymous,
        "anonymity_reason": (
            [a.anonymity_reason_start, a.anonymity_reason_end] if a.anonymity_reason_start is not None else None
        ),
        "anonymity_reason_category": a.anonymity_reason_category.value if a.anonymity_reason_category else None,
        "via_speaker_id": a.via_speaker_id,
        "via": [a.via_start, a.via_end] if a.via_start is not None else None,
        "parent_id": a.parent_id,
        "status": a.status.value,
        "claim_id": a.claim_id,
    }


def article_etags(session: Session, article_id: int) -> dict[int, str]:
    """The version (ETag) of every attribution of one article, for forms that send If-Match."""
    from app.store.preconditions import etag

    rows = session.scalars(select(Attribution).where(Attribution.article_id == article_id))
    return {a.id: etag(snapshot(a)) for a in rows}


_SPAN_FIELDS = {
    "content": ("content_start", "content_end"),
    "cue": ("cue_start", "cue_end"),
    "speaker_mention": ("speaker_start", "speaker_end"),
    "anonymity_reason": ("anonymity_reason_start", "anonymity_reason_end"),
    "via": ("via_start", "via_end"),
}


def update_attribution(session: Session, a: Attribution, changes: dict[str, Any], actor: str) -> Attribution:
    """Apply a researcher's edit; spans are checked and every edit is recorded."""
    before = snapshot(a)
    for field, (start_attr, end_attr) in _SPAN_FIELDS.items():
        if field not in changes:
            continue
        span = changes[field]
        check_span(a.article, span, field, required=field == "content")
        setattr(a, start_attr, span[0] if span else None)
        setattr(a, end_attr, span[1] if span else None)
        if field == "content":
            a.content_text = a.article.text[span[0] : span[1]]
            a.claim = get_or_create_claim(session, a.content_text)
    if "via" in changes and "via_speaker" not in changes:
        # A new relay mention stands for its own outlet (or unnamed report) unless one is given.
        a.via_speaker = relay_speaker(session, a.article, changes["via"]) if changes["via"] else None
    for field in ("speaker", "via_speaker", "parent"):
        if field in changes:
            setattr(a, field, changes[field])
    for field in ("kind", "quote_type", "stance", "anonymous", "anonymity_reason_category", "status"):
        if field in changes:
            setattr(a, field, changes[field])
    a.edited = True
    session.flush()
    after = snapshot(a)
    if after["claim_id"] != before["claim_id"] or after["status"] != before["status"]:
        recluster_article(session, a.article, [before["claim_id"]])
    if after != before:
        action = "attribution.update"
        if set(changes) == {"status"}:
            action = f"attribution.{a.status.value}"
        history.record(
            session,
            actor=actor,
            action=action,
            entity_type="attribution",
            entity_id=a.id,
            before=before,
            after=after,
        )
    return a


def delete_attribution(session: Session, a: Attribution, actor: str) -> None:
    history.record(
        session,
        actor=actor,
        action="attribution.delete",
        entity_type="attribution",
        entity_id=a.id,
        before=snapshot(a),
        after=None,
    )
    article, claim_id = a.article, a.claim_id
    session.delete(a)
    session.flush()
    recluster_article(session, article, [claim_id])
