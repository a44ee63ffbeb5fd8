"""Speakers with their counts, aliases, dated roles, and where they were quoted."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Article,
    Attribution,
    Outlet,
    RoleEvidence,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SpeakerRole,
)
from app.queries.attributions import counted
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.keyset import after
from app.schemas.types import MAX_REPEAT, Id, QueryBool, Text
from app.store.errors import NotFound


class SpeakerSort(StrEnum):
    name = "name"
    attribution_count_desc = "-attribution_count"


class SpeakerFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: Text | None = Field(None, description="Matches names and aliases (case-insensitive substring).", max_length=300)
    kind: list[SpeakerKind] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Speaker kind; repeatable."
    )
    article: Id | None = Field(None, description="Speakers quoted in this article.")
    include_merged: QueryBool = Field(False, description="Also list speakers merged into others.")


def _counts() -> Any:
    return (
        select(
            Attribution.speaker_id.label("speaker_id"),
            func.count().label("n"),
            func.count(distinct(Attribution.article_id)).label("na"),
        )
        .where(counted())
        .group_by(Attribution.speaker_id)
        .subquery()
    )


def _summary(s: Speaker, n: int, na: int) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "article_id": s.article_id,
        "descriptor": s.descriptor,
        "plural": s.plural,
        "affiliation": s.affiliation,
        "descriptor_class": s.descriptor_class,
        "merged_into_id": s.merged_into_id,
        "attribution_count": n,
        "article_count": na,
    }


def list_speakers(
    session: Session, f: SpeakerFilters, sort: SpeakerSort, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    counts = _counts()
    n = func.coalesce(counts.c.n, 0)
    na = func.coalesce(counts.c.na, 0)
    key = n if sort == SpeakerSort.attribution_count_desc else func.lower(Speaker.name)
    stmt = select(Speaker, n.label("n"), na.label("na"), key.label("k")).outerjoin(
        counts, counts.c.speaker_id == Speaker.id
    )
    if not f.include_merged:
        stmt = stmt.where(Speaker.merged_into_id.is_(None))
    if f.kind:
        stmt = stmt.where(Speaker.kind.in_(f.kind))
    if f.article is not None:
        stmt = stmt.where(Speaker.id.in_(select(Attribution.speaker_id).where(Attribution.article_id == f.article)))
    if f.q:
        needle = f"%{f.q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Speaker.name).like(needle),
                Speaker.id.in_(select(SpeakerAlias.speaker_id).where(func.lower(SpeakerAlias.alias).like(needle))),
            )
        )
    kind = f"speakers:{sort.value}"
    if cursor:
        c = decode_cursor(cursor, kind)
        stmt = stmt.where(after(key, Speaker.id, c["v"], int(c["id"]), sort == SpeakerSort.attribution_count_desc))
    order = key.desc() if sort == SpeakerSort.attribution_count_desc else key.asc()
    rows = session.execute(stmt.order_by(order, Speaker.id).limit(limit + 1)).all()
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = encode_cursor({"k": kind, "v": rows[-1].k, "id": rows[-1].Speaker.id})
    return [_summary(r.Speaker, r.n, r.na) for r in rows], nxt


def speaker_detail(session: Session, speaker_id: int) -> dict[str, Any]:
    speaker = session.scalar(
        select(Speaker)
        .where(Speaker.id == speaker_id)
        .options(
            selectinload(Speaker.aliases),
            selectinload(Speaker.roles).selectinload(SpeakerRole.evidence).selectinload(RoleEvidence.article),
        )
    )
    if speaker is None:
        raise NotFound("speaker", speaker_id)
    live = (Attribution.speaker_id == speaker.id, counted())
    n, na = session.execute(select(func.count(), func.count(distinct(Attribution.article_id))).where(*live)).one()
    by_outlet = session.execute(
        select(Outlet.name, func.count())
        .select_from(Attribution)
        .join(Article, Article.id == Attribution.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(*live)
        .group_by(Outlet.name)
        .order_by(func.count().desc())
    ).all()
    by_quote = session.execute(
        select(Attribution.quote_type, func.count()).where(*live).group_by(Attribution.quote_type)
    ).all()
    reasons = (
        session.execute(
            select(
                func.substr(
                    Article.text,
                    Attribution.anonymity_reason_start + 1,
                    Attribution.anonymity_reason_end - Attribution.anonymity_reason_start,
                )
            )
            .select_from(Attribution)
            .join(Article, Article.id == Attribution.article_id)
            .where(*live, Attribution.anonymity_reason_start.is_not(None))
            .distinct()
        )
        .scalars()
        .all()
    )
    roles = []
    for role in speaker.roles:
        dates = [e.observed_on for e in role.evidence if e.observed_on]
        roles.append(
            {
                "id": role.id,
                "title": role.title,
                "organization": role.organization,
                "first_seen": min(dates) if dates else None,
                "last_seen": max(dates) if dates else None,
                "evidence": [
                    {"article_id": e.article_id, "article_title": e.article.title, "observed_on": e.observed_on}
                    for e in role.evidence
                ],
            }
        )
    roles.sort(key=lambda r: (r["first_seen"] is None, r["first_seen"] or 0))
    return {
        **_summary(speaker, n, na),
        "aliases": [a.alias for a in speaker.aliases],
        "roles": roles,
        "by_outlet": [{"value": o, "count": c} for o, c in by_outlet],
        "by_quote_type": [{"value": q.value, "count": c} for q, c in by_quote],
        "anonymity_reasons": [r for r in reasons if r],
    }
