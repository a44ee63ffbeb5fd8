"""Storing what the extractor found, and re-running a newer extractor without undoing people's work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction
from app.extraction.types import Attribution as ExtractedAttribution
from app.models import (
    AnonymityReason,
    Article,
    Attribution,
    AttributionKind,
    Origin,
    QuoteType,
    Speaker,
    SpeakerKind,
    Stance,
    Status,
)
from app.store.attributions import AttributionFields, create_attribution, span_overlap
from app.store.claims import claims_for, fingerprint
from app.store.clusters import cluster_article
from app.store.speakers import SpeakerSpec, record_role, resolve_speaker


def _makes_cycle(result: ArticleExtraction, index: int) -> bool:
    """Whether following parents from `index` comes back to it (the database cannot store a loop)."""
    seen = {index}
    parent = result.attributions[index].parent
    while parent is not None and 0 <= parent < len(result.attributions):
        if parent in seen:
            return True
        seen.add(parent)
        parent = result.attributions[parent].parent
    return False


def _suggestion_fields(x: ExtractedAttribution, via_speaker: Speaker | None, version: str) -> AttributionFields:
    category = x.anonymity_reason_category
    return AttributionFields(
        content=(x.content.start, x.content.end),
        kind=AttributionKind(x.kind),
        cue=(x.cue.start, x.cue.end) if x.cue else None,
        speaker_mention=(x.source.start, x.source.end) if x.source else None,
        quote_type=QuoteType(x.quote_type),
        stance=Stance(x.stance),
        anonymous=x.anonymous,
        anonymity_reason=(x.anonymity_reason.start, x.anonymity_reason.end) if x.anonymity_reason else None,
        anonymity_reason_category=AnonymityReason(category) if category else None,
        via=(x.via.start, x.via.end) if x.via else None,
        via_speaker=via_speaker,
        origin=Origin.extracted,
        status=Status.suggested,
        confidence=round(x.confidence, 4),
        extractor_version=version,
    )


def store_extraction(
    session: Session, article: Article, result: ArticleExtraction, keep: list[tuple[int, int]] = ()
) -> list[Attribution]:
    """Write the extractor's attributions as suggestions, skipping contents already covered by `keep`."""
    speakers: dict[int, Speaker] = {}

    def speaker_for(index: int | None) -> Speaker | None:
        if index is None or index >= len(result.entities):
            return None
        if index not in speakers:
            e = result.entities[index]
            spec = SpeakerSpec(
                name=e.name,
                kind=SpeakerKind(e.kind),
                aliases=tuple(e.aliases),
                role_title=e.role_title,
                role_organization=e.role_organization,
                descriptor=e.descriptor,
                plural=e.plural,
                affiliation=e.affiliation,
                descriptor_class=e.descriptor_class,
            )
            speakers[index] = resolve_speaker(session, spec, article)
        return speakers[index]

    wanted = [
        (i, x)
        for i, x in enumerate(result.attributions)
        if not any(span_overlap((x.content.start, x.content.end), k) >= 0.5 for k in keep)
    ]
    # Speakers first (each may link to one stored before), in the order the attributions name them;
    # then every claim in a few queries, and the attributions in one flush: thousands take seconds, not minutes.
    for _, x in wanted:
        speaker_for(x.entity)
        speaker_for(x.via_entity)
    claims = claims_for(session, (article.text[x.content.start : x.content.end] for _, x in wanted))
    created: dict[int, Attribution] = {}
    with session.no_autoflush:
        for i, x in wanted:
            fields = _suggestion_fields(x, speaker_for(x.via_entity), result.version)
            claim = claims[fingerprint(article.text[x.content.start : x.content.end])]
            created[i] = create_attribution(session, article, speaker_for(x.entity), fields, claim, cluster=False)
    for i, x in enumerate(result.attributions):
        if i in created and x.parent in created and not _makes_cycle(result, i):
            created[i].parent = created[x.parent]
    # Each article's title for a person is evidence for a dated role.
    first_mention: dict[int, tuple[int, int]] = {}
    for x in result.attributions:
        if x.entity is not None and x.source:
            first_mention.setdefault(x.entity, (x.source.start, x.source.end))
    for index, speaker in speakers.items():
        e = result.entities[index]
        if speaker.kind == SpeakerKind.person and (e.role_title or e.role_organization):
            record_role(session, speaker, article, e.role_title, e.role_organization, first_mention.get(index))
    session.flush()
    cluster_article(session, article)
    return list(created.values())


@dataclass
class ReextractStats:
    removed: int
    kept: int
    added: int


def reextract(session: Session, article: Article) -> ReextractStats:
    """Replace untouched suggestions with a new extraction; confirmed, edited, rejected or manual rows stay.

    The extractor runs first, before anything is written, so no write lock is held while it works.
    """
    from app.extraction import extract

    result = extract(article.text)
    rows = list(session.scalars(select(Attribution).where(Attribution.article_id == article.id)))
    untouched = [a for a in rows if a.origin == Origin.extracted and a.status == Status.suggested and not a.edited]
    kept = [a for a in rows if a not in untouched]
    for child in rows:
        if child.parent in untouched and child not in untouched:
            child.parent = None
    for a in untouched:
        session.delete(a)
    session.flush()
    # What people kept also blocks new suggestions over the same content (a rejection stays rejected).
    article.extractor_version = result.version
    added = store_extraction(session, article, result, keep=[(a.content_start, a.content_end) for a in kept])
    return ReextractStats(removed=len(untouched), kept=len(kept), added=len(added))
