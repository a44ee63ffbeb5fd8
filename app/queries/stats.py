"""The sourcing mix: named, anonymous, documentary, relayed, direct and indirect, per group."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, case, cast, func, or_, select
from sqlalchemy.orm import Session

from app.db import dialect_name
from app.models import Article, Attribution, Outlet, QuoteType, Speaker, SpeakerKind
from app.queries.attributions import AttributionFilters, filtered


class SourcingGroup(StrEnum):
    outlet = "outlet"
    speaker_kind = "speaker_kind"
    month = "month"
    article = "article"


def _flag(condition: Any) -> Any:
    return func.sum(cast(case((condition, 1), else_=0), Integer))


def sourcing(session: Session, group_by: SourcingGroup, f: AttributionFilters) -> list[dict[str, Any]]:
    if group_by == SourcingGroup.outlet:
        key, label = Outlet.name, Outlet.name
    elif group_by == SourcingGroup.speaker_kind:
        key, label = Speaker.kind, Speaker.kind
    elif group_by == SourcingGroup.month:
        key = (
            func.to_char(Article.published_at, "YYYY-MM")
            if dialect_name(session) == "postgresql"
            else func.strftime("%Y-%m", Article.published_at)
        )
        label = key
    else:
        key, label = Article.id, func.max(Article.title)
    document = Speaker.kind == SpeakerKind.document
    columns = select(
        key.label("group"),
        (label if group_by == SourcingGroup.article else key).label("label"),
        func.count().label("total"),
        _flag(~Attribution.anonymous & ~func.coalesce(document, False)).label("named"),
        _flag(Attribution.anonymous).label("anonymous"),
        _flag(func.coalesce(document, False)).label("document"),
        _flag(or_(Attribution.via_speaker_id.is_not(None), Attribution.via_start.is_not(None))).label("via_outlet"),
        _flag(Attribution.quote_type == QuoteType.direct).label("direct"),
        _flag(Attribution.quote_type == QuoteType.indirect).label("indirect"),
        _flag(Attribution.quote_type == QuoteType.mixed).label("mixed"),
    )
    stmt = filtered(session, columns, f)
    if group_by == SourcingGroup.outlet:
        stmt = stmt.outerjoin(Outlet, Outlet.id == Article.outlet_id)
    stmt = stmt.group_by(key).order_by(key)
    out = []
    for row in session.execute(stmt):
        d = dict(row._mapping)
        for k in ("group", "label"):
            v = d[k]
            d[k] = None if v is None else (v.value if hasattr(v, "value") else str(v))
        d["anonymous_share"] = round(d["anonymous"] / d["total"], 4) if d["total"] else 0.0
        out.append(d)
    return out
