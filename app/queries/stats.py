"""The sourcing mix: named, anonymous, documentary, relayed, direct and indirect, per group."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from app.db import month_of
from app.models import Article, Attribution, Outlet, QuoteType, Speaker, SpeakerKind
from app.queries.attributions import AttributionFilters, filtered
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.tally import sourcing_rows
from app.store.errors import InputError


class SourcingGroup(StrEnum):
    outlet = "outlet"
    speaker_kind = "speaker_kind"
    month = "month"
    article = "article"


def _flag(condition: Any) -> Any:
    return func.sum(cast(case((condition, 1), else_=0), Integer))


_COUNTS = ("total", "named", "anonymous", "document", "via_outlet", "direct", "indirect", "mixed")


def _key(session: Session, group_by: SourcingGroup) -> tuple[Any, Any]:
    """The GROUP BY expression of a grouping and the label shown for each group."""
    if group_by == SourcingGroup.outlet:
        return Outlet.name, Outlet.name
    if group_by == SourcingGroup.speaker_kind:
        return Speaker.kind, Speaker.kind
    if group_by == SourcingGroup.month:
        key = month_of(session, Article.published_at)
        return key, key
    return Article.id, func.max(Article.title)


def _text(v: Any) -> str | None:
    return None if v is None else (v.value if hasattr(v, "value") else str(v))


def sourcing_by(
    session: Session, groupings: list[SourcingGroup], f: AttributionFilters
) -> dict[SourcingGroup, list[dict[str, Any]]]:
    """The sourcing mix under several groupings at once: one pass over the matching attributions grouped
    by every combination of keys, then summed per grouping (a dashboard needs outlets and months)."""
    if SourcingGroup.article in groupings and len(groupings) > 1:
        raise ValueError("the article grouping is computed on its own")
    rows = sourcing_rows(session, [g.value for g in groupings], f)
    if rows is not None:
        return _folded(groupings, _outlet_names(session, groupings, rows))
    return _folded(groupings, _counted_rows(session, groupings, f))


def _outlet_names(session: Session, groupings: list[SourcingGroup], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tally rows with each outlet id replaced by its name, as the rows' grouping by outlet has it."""
    if SourcingGroup.outlet not in groupings:
        return [{**r, **{f"label{n}": r[f"group{n}"] for n in range(len(groupings))}} for r in rows]
    at = groupings.index(SourcingGroup.outlet)
    names = dict(session.execute(select(Outlet.id, Outlet.name)).all())
    out = []
    for r in rows:
        d = {**r, f"group{at}": names.get(r[f"group{at}"])}
        out.append({**d, **{f"label{n}": d[f"group{n}"] for n in range(len(groupings))}})
    return out


@dataclass(frozen=True)
class _ArticlePage:
    """The articles after `after` (an id), at most `limit` of them."""

    after: int
    limit: int


def _counted_rows(
    session: Session, groupings: list[SourcingGroup], f: AttributionFilters, page: _ArticlePage | None = None
) -> list[Any]:
    """The sourcing counts per combination of the groupings' keys, counted over the matching rows (with
    `page`: the article grouping's articles after `page.after`, at most `page.limit`, in id order)."""
    keys = [_key(session, g) for g in groupings]
    document = Speaker.kind == SpeakerKind.document
    # Relayed through an outlet: an unnamed report or a document relays, but is no outlet.
    outlet_speakers = select(Speaker.id).where(Speaker.kind == SpeakerKind.outlet).scalar_subquery()
    labels = [(label if g == SourcingGroup.article else key) for g, (key, label) in zip(groupings, keys, strict=True)]
    columns = select(
        *[key.label(f"group{n}") for n, (key, _) in enumerate(keys)],
        *[label.label(f"label{n}") for n, label in enumerate(labels)],
        func.count().label("total"),
        _flag(~Attribution.anonymous & ~func.coalesce(document, False)).label("named"),
        _flag(Attribution.anonymous).label("anonymous"),
        _flag(func.coalesce(document, False)).label("document"),
        _flag(Attribution.via_speaker_id.in_(outlet_speakers)).label("via_outlet"),
        _flag(Attribution.quote_type == QuoteType.direct).label("direct"),
        _flag(Attribution.quote_type == QuoteType.indirect).label("indirect"),
        _flag(Attribution.quote_type == QuoteType.mixed).label("mixed"),
    )
    stmt = filtered(session, columns, f)
    if SourcingGroup.outlet in groupings:
        stmt = stmt.outerjoin(Outlet, Outlet.id == Article.outlet_id)
    if page is None:
        stmt = stmt.group_by(*[key for key, _ in keys])
    else:  # walks the attribution index by article: one page costs its own rows only
        stmt = stmt.where(Article.id > page.after).group_by(Article.id).order_by(Article.id).limit(page.limit)
    return [row._mapping for row in session.execute(stmt)]


def _folded(groupings: list[SourcingGroup], rows: list[Any]) -> dict[SourcingGroup, list[dict[str, Any]]]:
    """Counts per combination of keys summed per grouping, groups in key order (the missing key last)."""
    folded: dict[SourcingGroup, dict[str | None, dict[str, Any]]] = {g: {} for g in groupings}
    for m in rows:
        for n, g in enumerate(groupings):
            group = _text(m[f"group{n}"])
            empty = {"group": group, "label": _text(m[f"label{n}"]), **dict.fromkeys(_COUNTS, 0)}
            d = folded[g].setdefault(group, empty)
            for c in _COUNTS:
                d[c] += m[c] or 0
    out: dict[SourcingGroup, list[dict[str, Any]]] = {}
    for g, groups in folded.items():
        # groups in key order, the missing key (no outlet, no date) last
        rows = sorted(groups.values(), key=lambda d: (d["group"] is None, _order(g, d["group"])))
        for d in rows:
            d["anonymous_share"] = round(d["anonymous"] / d["total"], 4) if d["total"] else 0.0
        out[g] = rows
    return out


def _order(group_by: SourcingGroup, group: str | None) -> Any:
    if group is None:
        return ""
    return int(group) if group_by == SourcingGroup.article else group


def sourcing(session: Session, group_by: SourcingGroup, f: AttributionFilters) -> list[dict[str, Any]]:
    """Every group of a grouping (the article grouping: see sourcing_page)."""
    return sourcing_by(session, [group_by], f)[group_by]


_CURSOR_KIND = "sourcing:article"


def sourcing_page(
    session: Session, group_by: SourcingGroup, f: AttributionFilters, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """The groups of a grouping and the cursor of the next page. Articles (one group each, as many as the
    corpus has) come `limit` at a time in id order, by keyset: a page reads its articles' attributions only,
    so its cost does not grow with the corpus. The other groupings are small and come whole."""
    if group_by != SourcingGroup.article:
        return sourcing(session, group_by, f), None
    after = 0
    if cursor is not None:
        after = decode_cursor(cursor, _CURSOR_KIND).get("v")
        if not isinstance(after, int):
            raise InputError("cursor", "is not a cursor this list gave out", status=400)
    rows = _counted_rows(session, [group_by], f, _ArticlePage(after, limit + 1))
    groups = _folded([group_by], rows[:limit])[group_by]
    nxt = encode_cursor({"k": _CURSOR_KIND, "v": int(rows[limit - 1]["group0"])}) if len(rows) > limit else None
    return groups, nxt
