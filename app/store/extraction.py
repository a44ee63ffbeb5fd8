"""Storing what the extractor found, and re-running a newer extractor without undoing people's work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.spans import iou
from app.extraction.types import ArticleExtraction, Entity
from app.extraction.types import Attribution as Found
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
from app.store.attributions import AttributionFields, create_attribution, refresh_suggestion
from app.store.claims import claims_for, fingerprint
from app.store.clusters import cluster_article, recluster_article
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


# The key that makes a new extractor's attribution "the same" as a stored suggestion: where its content and
# its source mention are. A suggestion found again keeps its id (and so its links and history).
SameKey = tuple[int, int, int | None, int | None]


def _same_key(content: tuple[int, int], source: tuple[int, int] | None) -> SameKey:
    return (content[0], content[1], source[0] if source else None, source[1] if source else None)


@dataclass
class Stored:
    """What storing one extraction did."""

    added: list[Attribution] = field(default_factory=list)
    upgraded: list[Attribution] = field(default_factory=list)
    # Below the confidence threshold, so not stored.
    left_out: int = 0


def store_extraction(
    session: Session,
    article: Article,
    result: ArticleExtraction,
    keep: Sequence[tuple[int, int]] = (),
    reuse: Sequence[Attribution] = (),
    min_confidence: float | None = None,
    cluster: bool = True,
) -> Stored:
    """Write the extractor's attributions as suggestions.

    Contents already covered by `keep` (what people decided) are skipped; an attribution at the same
    content and source spans as one of the untouched suggestions in `reuse` is written over it, keeping
    its id; attributions less certain than `min_confidence` are left out. The article's claims are
    clustered once at the end (`cluster=False` when the caller does it after more changes).
    """
    speakers: dict[int, Speaker] = {}

    def speaker_for(index: int | None) -> Speaker | None:
        if index is None or index >= len(result.entities):
            return None
        if index not in speakers:
            speakers[index] = resolve_speaker(session, _speaker_spec(result.entities[index]), article)
        return speakers[index]

    reusable: dict[SameKey, Attribution] = {
        _same_key(
            (a.content_start, a.content_end), (a.speaker_start, a.speaker_end) if a.speaker_start is not None else None
        ): a
        for a in reuse
    }
    stored = Stored()
    wanted = []
    for i, x in enumerate(result.attributions):
        if any(iou((x.content.start, x.content.end), k) >= 0.5 for k in keep):
            continue
        if min_confidence is not None and x.confidence < min_confidence:
            stored.left_out += 1
            continue
        wanted.append((i, x))
    # Speakers first (each may link to one stored before), in the order the attributions name them;
    # then every claim in a few queries: thousands of attributions take seconds, not minutes.
    for _, x in wanted:
        speaker_for(x.entity)
        speaker_for(x.via_entity)
    claims = claims_for(session, (article.text[x.content.start : x.content.end] for _, x in wanted))
    written: dict[int, Attribution] = {}
    for i, x in wanted:
        span = (x.content.start, x.content.end)
        claim = claims[fingerprint(article.text[span[0] : span[1]])]
        fields = _fields(x, speaker_for(x.via_entity), result.version)
        same = reusable.pop(_same_key(span, fields.speaker_mention), None)
        if same is not None:
            refresh_suggestion(session, same, speaker_for(x.entity), fields)
            stored.upgraded.append(same)
            written[i] = same
        else:
            written[i] = create_attribution(session, article, speaker_for(x.entity), fields, claim, cluster=False)
            stored.added.append(written[i])
    for i, x in enumerate(result.attributions):
        if i in written and x.parent in written and not _makes_cycle(result, i):
            written[i].parent = written[x.parent]
    _record_roles(session, article, result, speakers)
    session.flush()
    if cluster:
        cluster_article(session, article)
    return stored


def _speaker_spec(e: Entity) -> SpeakerSpec:
    return SpeakerSpec(
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


def _fields(x: Found, via_speaker: Speaker | None, version: str) -> AttributionFields:
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


def _record_roles(session: Session, article: Article, result: ArticleExtraction, speakers: dict[int, Speaker]) -> None:
    """Each article's title for a person is evidence for a dated role."""
    for index, speaker in speakers.items():
        e = result.entities[index]
        if speaker.kind == SpeakerKind.person and (e.role_title or e.role_organization):
            mention = next(
                ((x.source.start, x.source.end) for x in result.attributions if x.entity == index and x.source),
                None,
            )
            record_role(session, speaker, article, e.role_title, e.role_organization, mention)


@dataclass
class ReextractStats:
    removed: int  # untouched suggestions the new extractor no longer finds
    kept: int  # rows people confirmed, edited, rejected or added: never touched
    upgraded: int  # untouched suggestions found again: rewritten in place, same id
    added: int
    left_out: int  # found, but less certain than the threshold


def reextract(
    session: Session,
    article: Article,
    extractor: Callable[[str], ArticleExtraction] | None = None,
    min_confidence: float | None = None,
) -> ReextractStats:
    """Upgrade untouched suggestions to a new extraction; confirmed, edited, rejected or manual rows stay.

    A suggestion the new extraction finds again (same content and source spans) keeps its id; one it no
    longer finds is removed. What people kept blocks new suggestions over the same content, so a
    rejection stays rejected.

    The extractor runs first, before anything is written, so no write lock is held while it works.
    """
    if extractor is None:
        from app.extraction import extract as extractor
    result = extractor(article.text)
    rows = list(session.scalars(select(Attribution).where(Attribution.article_id == article.id)))
    untouched = [a for a in rows if a.untouched]
    kept = [a for a in rows if not a.untouched]
    article.extractor_version = result.version
    for a in untouched:
        a.parent = None  # re-linked below when the new extraction still nests it
    stored = store_extraction(
        session,
        article,
        result,
        keep=[(a.content_start, a.content_end) for a in kept],
        reuse=untouched,
        min_confidence=min_confidence,
        cluster=False,
    )
    upgraded = {a.id for a in stored.upgraded}
    gone = [a for a in untouched if a.id not in upgraded]
    for child in rows:
        if child.parent in gone:
            child.parent = None
    for a in gone:
        session.delete(a)
    session.flush()
    # The article's claims placed again, and the clusters its removed suggestions left relabelled.
    recluster_article(session, article, [a.claim_id for a in gone])
    return ReextractStats(
        removed=len(gone), kept=len(kept), upgraded=len(upgraded), added=len(stored.added), left_out=stored.left_out
    )
