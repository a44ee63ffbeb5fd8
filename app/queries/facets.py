"""Facet counts of the attribution list: from a tally when the filters allow (app/queries/tally.py), else
from the rows; exact either way. Speakers, outlets and relays list their FACET_LIMIT largest values and say
when there are more."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.db import month_of
from app.models import Article, Attribution, Outlet, Speaker, SpeakerKind
from app.queries.attributions import AttributionFacet, AttributionFilters, ViaSpeaker, conditions, joined
from app.queries.fts import Matches
from app.queries.tally import facet_counts

FACET_LIMIT = 30
# Facets that list only their largest values; the others list every value.
_TOP: dict[AttributionFacet, Any] = {
    AttributionFacet.speaker: Speaker,
    AttributionFacet.outlet: Outlet,
    AttributionFacet.via: Speaker,
}


@dataclass
class Facets:
    counts: dict[str, list[dict[str, Any]]]
    # The facets that list only their FACET_LIMIT largest values, more having matched.
    truncated: list[str] = field(default_factory=list)
    # A search's facets count the rows among its newest matches (app/queries/fts.py Matches) that pass the
    # other filters: how many they counted, and whether more matched (partial). None without a search.
    counted: int | None = None
    partial: bool = False


def _labelled(session: Session, model: Any, rows: list[Any]) -> list[dict[str, Any]]:
    names = dict(session.execute(select(model.id, model.name).where(model.id.in_([r[0] for r in rows]))).all())
    return [{"value": r[0], "label": names.get(r[0]), "count": r[1]} for r in rows]


# Facets with a handful of values each: counted together by one GROUP BY over their combinations (a few
# hundred at most) instead of one pass over the matching rows per facet.
_SMALL_FACETS: dict[AttributionFacet, Any] = {
    AttributionFacet.speaker_kind: Speaker.kind,
    AttributionFacet.kind: Attribution.kind,
    AttributionFacet.quote_type: Attribution.quote_type,
    AttributionFacet.stance: Attribution.stance,
    AttributionFacet.anonymous: Attribution.anonymous,
    AttributionFacet.status: Attribution.status,
}


def _facet_value(value: Any) -> dict[str, Any]:
    value = value.value if hasattr(value, "value") else value
    return {"value": value, "label": str(value).lower() if isinstance(value, bool) else value}


def _by_count(counts: list[tuple[Any, int]]) -> list[dict[str, Any]]:
    ordered = sorted(counts, key=lambda x: (-x[1], str(x[0].value if hasattr(x[0], "value") else x[0])))
    return [{**_facet_value(v), "count": c} for v, c in ordered]


def _small_facets(session: Session, f: AttributionFilters, names: list[AttributionFacet]) -> dict[str, list[Any]]:
    columns = [_SMALL_FACETS[n] for n in names]
    stmt = joined(select(*columns, func.count()), f, speaker=AttributionFacet.speaker_kind in names)
    sums: dict[AttributionFacet, dict[Any, int]] = {n: {} for n in names}
    for *values, n in session.execute(stmt.where(*conditions(session, f)).group_by(*columns)).all():
        for name, value in zip(names, values, strict=True):
            if value is not None:
                sums[name][value] = sums[name].get(value, 0) + n
    return {name: _by_count(list(counts.items())) for name, counts in sums.items()}


def _row_counts(session: Session, f: AttributionFilters, name: AttributionFacet, limit: int | None) -> list[Any]:
    """(value, count) of a speaker, outlet, relay or month facet, counted over the matching rows."""
    conds = conditions(session, f)
    if name == AttributionFacet.month:
        column = month_of(session, Article.published_at)
        stmt = joined(select(column, func.count()), f, article=True)
        return list(session.execute(stmt.where(*conds, column.is_not(None)).group_by(column).order_by(column)).all())
    if name == AttributionFacet.outlet:
        key, stmt = Article.outlet_id, joined(select(Article.outlet_id, func.count()), f, article=True)
    elif name == AttributionFacet.speaker:
        key = Attribution.speaker_id
        stmt = joined(select(key, func.count()), f)
    else:  # every relay through an outlet; unnamed reports and documents are no outlets
        key = Attribution.via_speaker_id
        stmt = joined(select(key, func.count()), f).where(
            key.in_(select(ViaSpeaker.id).where(ViaSpeaker.kind == SpeakerKind.outlet))
        )
    stmt = stmt.where(*conds, key.is_not(None)).group_by(key).order_by(func.count().desc(), key)
    return list(session.execute(stmt.limit(limit + 1) if limit is not None else stmt).all())


def _sampled_counts(
    session: Session, f: AttributionFilters, names: list[AttributionFacet], matches: Matches
) -> tuple[dict[AttributionFacet, list[Any]], int]:
    """(value, count) of every facet over a search's newest matches that pass the other filters, and how many
    rows that is: one GROUP BY over the combinations of the facets' values (at most one per row: the matches
    are bounded), summed per facet. Rows as _row_counts and facet_counts give them."""
    columns: list[Any] = []
    for name in names:
        if name == AttributionFacet.speaker:
            columns.append(Attribution.speaker_id)
        elif name == AttributionFacet.outlet:
            columns.append(Article.outlet_id)
        elif name == AttributionFacet.month:
            columns.append(month_of(session, Article.published_at))
        elif name == AttributionFacet.via:  # relays through an outlet only, as _row_counts counts them
            columns.append(case((ViaSpeaker.kind == SpeakerKind.outlet, Attribution.via_speaker_id)))
        else:
            columns.append(_SMALL_FACETS[name])
    article = bool({AttributionFacet.outlet, AttributionFacet.month} & set(names))
    stmt = joined(select(*columns, func.count()), f, article=article, speaker=AttributionFacet.speaker_kind in names)
    if AttributionFacet.via in names:
        stmt = stmt.outerjoin(ViaSpeaker, ViaSpeaker.id == Attribution.via_speaker_id)
    words = conditions(session, f, Matches(matches.sample, complete=True))  # the words: these ids
    sums: dict[AttributionFacet, dict[Any, int]] = {n: {} for n in names}
    total = 0
    for *values, n in session.execute(stmt.where(*words).group_by(*columns)).all():
        total += n
        for name, value in zip(names, values, strict=True):
            if value is not None:
                sums[name][value] = sums[name].get(value, 0) + n
    out: dict[AttributionFacet, list[Any]] = {}
    for name, counts in sums.items():
        rows = sorted(counts.items(), key=lambda x: x[0] if name == AttributionFacet.month else (-x[1], x[0]))
        out[name] = rows[: FACET_LIMIT + 1] if name in _TOP else rows
    return out, total


def facets(
    session: Session, f: AttributionFilters, names: list[AttributionFacet], matches: Matches | None = None
) -> Facets:
    """Counts of matching attributions per value of each facet, largest first (months in order). A search
    (`q`) given its `matches` counts those of them that pass the other filters: exact when they are all."""
    out = Facets(counts={})
    sampled = None
    if f.q and matches is not None:
        sampled, out.counted = _sampled_counts(session, f, names, matches)
        out.partial = matches.partial
    from_rows = []
    for name in names:
        limit = FACET_LIMIT if name in _TOP else None
        rows = sampled[name] if sampled is not None else facet_counts(session, f, name, limit)
        if rows is None and name in _SMALL_FACETS:
            from_rows.append(name)
            continue
        if rows is None:
            rows = _row_counts(session, f, name, limit)
        if name in _TOP:
            if len(rows) > FACET_LIMIT:
                out.truncated.append(name.value)
            labelled = _labelled(session, _TOP[name], rows[:FACET_LIMIT])
            if name != AttributionFacet.speaker:  # outlets and relays are filtered by name
                labelled = [{**v, "value": v["label"]} for v in labelled]
            out.counts[name] = labelled
        elif name == AttributionFacet.month:
            out.counts[name] = [{**_facet_value(value), "count": n} for value, n in rows]
        else:
            out.counts[name] = _by_count(rows)
    if from_rows:
        out.counts.update(_small_facets(session, f, from_rows))
    out.counts = {name: out.counts[name] for name in names}
    return out
