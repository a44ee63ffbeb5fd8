"""Facet counts and sourcing statistics read from the tallies (app/models/tally.py) instead of the rows.

A question is answered here only when every filter it carries is a dimension of a tally; otherwise the
caller counts the rows. The counts are the same either way (tests/store/test_tally.py checks it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, select, tuple_
from sqlalchemy.orm import Session

from app.models import COUNTED_KINDS, AttributionTally, QuoteType, SpeakerKind, SpeakerTally, SpeakerTotal, Status
from app.queries.attributions import AttributionFacet, AttributionFilters, outlet_ids

# The filters and facets each tally can answer, by the name of the filter field or facet.
_DIMENSIONS: dict[Any, set[str]] = {
    AttributionTally: {"outlet", "month", "speaker_kind", "anonymous", "kind", "status", "quote_type", "stance"},
    SpeakerTally: {"speaker", "outlet", "anonymous", "kind", "status"},
}
# Filters no tally holds: a question carrying any of them counts the rows.
_ROW_ONLY = ("speaker_name", "article", "claim", "min_confidence", "q", "published_from", "published_to", "via")


def _filter_dimensions(f: AttributionFilters) -> set[str] | None:
    """The dimensions the filters restrict, or None when one of them is no tally's."""
    if any(getattr(f, name) not in (None, []) for name in _ROW_ONLY):
        return None
    used = {"kind", "status"}
    used |= {name for name in ("speaker", "outlet", "speaker_kind", "quote_type", "stance") if getattr(f, name)}
    if f.anonymous is not None:
        used.add("anonymous")
    return used


def tally_for(f: AttributionFilters, *dimensions: str) -> Any | None:
    """The smallest tally that holds the filters' dimensions and these, or None (count the rows)."""
    used = _filter_dimensions(f)
    if used is None:
        return None
    for model in (AttributionTally, SpeakerTally):
        if used | set(dimensions) <= _DIMENSIONS[model]:
            return model
    return None


def conditions(model: Any, f: AttributionFilters) -> list[Any]:
    """The filters as conditions on a tally's columns (tally_for chose a tally that has them)."""
    conds: list[Any] = [model.kind.in_([k.value for k in f.kinds()])]
    conds.append(model.status.in_(f.status) if f.status else model.status != Status.rejected.value)
    if f.speaker:
        conds.append(model.speaker_id.in_(f.speaker))
    if f.outlet:
        conds.append(model.outlet_id.in_(outlet_ids(f.outlet)))
    if f.anonymous is not None:
        conds.append(model.anonymous.is_(f.anonymous))
    for name in ("speaker_kind", "quote_type", "stance"):
        if getattr(f, name):
            conds.append(getattr(model, name).in_([v.value for v in getattr(f, name)]))
    return conds


# Facet name -> tally column name (the missing value, 0 or '', is never a facet value).
_COLUMNS: dict[AttributionFacet, str] = {
    AttributionFacet.speaker: "speaker_id",
    AttributionFacet.outlet: "outlet_id",
    AttributionFacet.month: "month",
    AttributionFacet.speaker_kind: "speaker_kind",
    AttributionFacet.kind: "kind",
    AttributionFacet.quote_type: "quote_type",
    AttributionFacet.stance: "stance",
    AttributionFacet.anonymous: "anonymous",
    AttributionFacet.status: "status",
}
_MISSING = {"speaker_id": 0, "outlet_id": 0, "month": "", "speaker_kind": ""}


def facet_counts(
    session: Session, f: AttributionFilters, name: AttributionFacet, limit: int | None
) -> list[Any] | None:
    """(value, count) of one facet from a tally, largest first (months in order), at most `limit` + 1 rows;
    None when no tally answers it."""
    column_name = _COLUMNS.get(name)
    model = tally_for(f, name.value) if column_name else None
    if model is None or column_name is None:
        return None
    if name == AttributionFacet.speaker and limit is not None and not f.speaker:
        return _top_speakers(session, f, limit + 1)
    column = getattr(model, column_name)
    total = func.sum(model.n)
    stmt = select(column, total).where(*conditions(model, f)).group_by(column).having(total > 0)
    if column_name in _MISSING:
        stmt = stmt.where(column != _MISSING[column_name])
    stmt = stmt.order_by(column) if name == AttributionFacet.month else stmt.order_by(total.desc(), column)
    if limit is not None:
        stmt = stmt.limit(limit + 1)
    return [tuple(row) for row in session.execute(stmt).all()]


def _counted_bounds(f: AttributionFilters) -> bool:
    """Whether every attribution the filters match is one the lists count by default (so `counted` bounds it)."""
    return set(f.kinds()) <= set(COUNTED_KINDS) and Status.rejected not in f.status


def _counts_by_default(f: AttributionFilters) -> bool:
    """Whether the filters match exactly what the lists count by default (what `counted` counts)."""
    default_status = set(f.status) in (set(), {Status.suggested, Status.confirmed})
    return _filter_dimensions(f) == {"kind", "status"} and set(f.kinds()) == set(COUNTED_KINDS) and default_status


def _top_speakers(session: Session, f: AttributionFilters, want: int) -> list[tuple[int, int]]:
    """The `want` speakers with the most matching attributions (ties by id), exactly, without counting them all.

    With the default filters that is the top of speaker_total.counted. Otherwise speakers are read from the
    largest bound down (`counted` or `n`: at least the filtered count), a batch at a time, their filtered
    counts taken from speaker_tally; once the largest bound not yet read is below the last of the `want`
    best counts, no other speaker can enter.
    """
    t = SpeakerTotal
    bound = t.counted if _counted_bounds(f) else t.n
    if _counts_by_default(f):
        top = select(t.speaker_id, t.counted).where(t.speaker_id != 0, t.counted > 0)
        return [tuple(r) for r in session.execute(top.order_by(t.counted.desc(), t.speaker_id).limit(want))]
    conds = conditions(SpeakerTally, f)
    best: list[tuple[int, int]] = []  # (speaker_id, count), best first
    last: tuple[int, int] | None = None
    batch = 64
    while True:
        stmt = select(t.speaker_id, bound.label("bound")).where(t.speaker_id != 0, bound > 0)
        if last is not None:
            stmt = stmt.where(bound <= last[0], tuple_(bound, t.speaker_id) < last)
        read = stmt.order_by(bound.desc(), t.speaker_id.desc()).limit(batch).subquery()
        # The batch and its speakers' filtered counts in one statement (no list of ids sent back).
        total = func.coalesce(func.sum(SpeakerTally.n), 0)
        rows = session.execute(
            select(read.c.speaker_id, read.c.bound, total)
            .select_from(read)
            .outerjoin(SpeakerTally, and_(SpeakerTally.speaker_id == read.c.speaker_id, *conds))
            .group_by(read.c.speaker_id, read.c.bound)
        ).all()
        if rows:
            counted = [(int(i), int(n)) for i, _, n in rows if n > 0]
            best = sorted([*best, *counted], key=lambda x: (-x[1], x[0]))[:want]
            last = min((int(b), int(i)) for i, b, _ in rows)
        if len(rows) < batch or (len(best) == want and last is not None and last[0] < best[-1][1]):
            return best
        batch = min(batch * 2, 4096)


def _share(condition: Any) -> Any:
    return func.sum(case((condition, AttributionTally.n), else_=0))


def sourcing_rows(session: Session, groupings: list[str], f: AttributionFilters) -> list[dict[str, Any]] | None:
    """The sourcing counts per combination of the groupings (outlet, speaker_kind, month) from the tally, as
    `group{n}` (outlet id, or the kind or month; None when missing) and the counts; None when no tally holds
    the groupings and filters."""
    if tally_for(f, *groupings) is not AttributionTally:
        return None
    t = AttributionTally
    keys = [getattr(t, _COLUMNS[AttributionFacet(g)]) for g in groupings]
    document = t.speaker_kind == SpeakerKind.document.value
    total = func.sum(t.n)
    stmt = (
        select(
            *[key.label(f"group{n}") for n, key in enumerate(keys)],
            total.label("total"),
            _share(~t.anonymous & ~document).label("named"),
            _share(t.anonymous).label("anonymous"),
            _share(document).label("document"),
            _share(t.via_outlet).label("via_outlet"),
            *[_share(t.quote_type == q.value).label(q.value) for q in QuoteType],
        )
        .where(*conditions(t, f))
        .group_by(*keys)
        .having(total > 0)
    )
    out = []
    for row in session.execute(stmt):
        d = {k: int(v) if k in _COUNTED else v for k, v in row._mapping.items()}
        for n, g in enumerate(groupings):
            d[f"group{n}"] = None if d[f"group{n}"] == _MISSING[_COLUMNS[AttributionFacet(g)]] else d[f"group{n}"]
        out.append(d)
    return out


_COUNTED = {"total", "named", "anonymous", "document", "via_outlet", *(q.value for q in QuoteType)}
