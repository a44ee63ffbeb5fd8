"""The fictional sample corpus inside a database: finding its articles and removing them with all they left.

A sample article is recognised by its exact text (the content hash), so removing the sample never touches
an article of the researcher's own, whatever its title, outlet or file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import Article, Attribution, Outlet, Speaker
from app.store import history
from app.text.hashing import content_hash


@cache
def sample_hashes() -> frozenset[str]:
    from app.sample import sample_articles

    return frozenset(content_hash(entry["text"]) for entry in sample_articles())


def _is_sample() -> object:
    return Article.content_hash.in_(sorted(sample_hashes()))


@dataclass
class CorpusMix:
    sample: int
    own: int


def corpus_mix(session: Session) -> CorpusMix:
    """How many stored articles are the sample's, and how many the researcher's own."""
    total = session.scalar(select(func.count()).select_from(Article)) or 0
    sample = session.scalar(select(func.count()).select_from(Article).where(_is_sample())) or 0
    return CorpusMix(sample=sample, own=total - sample)


@dataclass
class SampleRemoval:
    articles: int
    speakers: int
    outlets: int


def remove_sample(session: Session, actor: str) -> SampleRemoval:
    """Delete the sample articles, then the speakers and outlets only they had (nothing of the researcher's)."""
    articles = list(session.scalars(select(Article).where(_is_sample())))
    ids = [a.id for a in articles]
    if not ids:
        return SampleRemoval(0, 0, 0)
    speaker_ids = set(session.scalars(select(Attribution.speaker_id).where(Attribution.article_id.in_(ids))))
    speaker_ids |= set(session.scalars(select(Attribution.via_speaker_id).where(Attribution.article_id.in_(ids))))
    speaker_ids.discard(None)
    outlet_ids: set[int | None] = {a.outlet_id for a in articles if a.outlet_id is not None}
    for article in articles:
        history.record(
            session,
            actor=actor,
            action="article.delete",
            entity_type="article",
            entity_id=article.id,
            before={"title": article.title, "content_hash": article.content_hash},
            after=None,
            note="sample corpus removed",
        )
        session.delete(article)
    session.flush()
    survivor_of = aliased(Speaker)
    merged_into_it = exists().where(survivor_of.merged_into_id == Speaker.id)
    still_used = or_(
        exists().where(or_(Attribution.speaker_id == Speaker.id, Attribution.via_speaker_id == Speaker.id)),
        merged_into_it,
    )
    orphans = list(session.scalars(select(Speaker.id).where(Speaker.id.in_(speaker_ids), ~still_used)))
    if orphans:
        # A relaying outlet's speaker stands for an Outlet row, which goes too when nothing else has it.
        outlet_ids |= set(session.scalars(select(Speaker.outlet_id).where(Speaker.id.in_(orphans)))) - {None}
        session.execute(delete(Speaker).where(Speaker.id.in_(orphans)))
    outlet_orphans = list(
        session.scalars(
            select(Outlet.id).where(
                Outlet.id.in_(outlet_ids),
                ~exists().where(Article.outlet_id == Outlet.id),
                ~exists().where(Speaker.outlet_id == Outlet.id),
            )
        )
    )
    if outlet_orphans:
        session.execute(delete(Outlet).where(Outlet.id.in_(outlet_orphans)))
    session.flush()
    return SampleRemoval(articles=len(ids), speakers=len(orphans), outlets=len(outlet_orphans))
