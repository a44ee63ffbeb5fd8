"""Listing, filtering, faceting and exporting attributions: the workhorse query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import ColumnElement, DateTime, Float, Integer, Select, and_, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from app.models import (
    COUNTED_KINDS,
    Article,
    Attribution,
    AttributionKind,
    Outlet,
    QuoteType,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Stance,
    Status,
)
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.fts import Matches, content_matches, id_among
from app.schemas.types import MAX_REPEAT, Id, IsoDate, OutletRef, QueryBool, Text, parse_id
from app.store.errors import InputError
from app.store.names import normalize_name
from app.store.outlets import name_forms

ViaSpeaker = aliased(Speaker, name="via_speaker")


class AttributionSort(StrEnum):
    published_at = "published_at"
    published_at_desc = "-published_at"
    speaker = "speaker"
    # Least certain first; rows without a confidence (coded by hand) come last in both directions.
    confidence = "confidence"
    confidence_desc = "-confidence"


class AttributionFacet(StrEnum):
    speaker = "speaker"
    outlet = "outlet"
    speaker_kind = "speaker_kind"
    kind = "kind"
    quote_type = "quote_type"
    stance = "stance"
    anonymous = "anonymous"
    month = "month"
    via = "via"
    status = "status"


class AttributionFilters(BaseModel):
    """Every filter of the attribution list; the same fields filter the export and the web search."""

    model_config = ConfigDict(extra="forbid")

    speaker: list[Id] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Speaker id; repeat for several (any of them)."
    )
    speaker_name: Text | None = Field(
        None, max_length=300, description="Speaker name or alias contains this (case-insensitive)."
    )
    article: Id | None = Field(None, description="Article id.")
    claim: Id | None = Field(None, description="Claim id.")
    outlet: list[OutletRef] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Outlet name or id; repeat for several."
    )
    speaker_kind: list[SpeakerKind] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Speaker kind; repeatable."
    )
    anonymous: QueryBool | None = Field(None, description="Only anonymous (true) or only named (false) sources.")
    quote_type: list[QuoteType] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="direct, indirect or mixed; repeatable."
    )
    stance: list[Stance] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="asserts, denies or hedged; repeatable."
    )
    via: Text | None = Field(
        None,
        max_length=300,
        description="Relayed through this outlet or report: its speaker id, or a name or alias "
        "(`The Valley Courier` = `Valley Courier`); `any` for every relayed claim.",
    )
    status: list[Status] = Field(
        default_factory=list,
        max_length=MAX_REPEAT,
        description="suggested, confirmed, rejected; by default rejected ones are left out.",
    )
    kind: list[AttributionKind] = Field(
        default_factory=list,
        max_length=MAX_REPEAT,
        description="speech, belief, intention, evidence or action; repeatable or comma-separated, `all` for every"
        " kind. By default speech and belief, what the product counts as an attribution.",
    )
    min_confidence: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Leave out machine suggestions less certain than this (0 to 1); rows a person confirmed, edited,"
        " rejected or added always count.",
    )
    q: Text | None = Field(None, description="Full-text search over the content.", max_length=500)
    published_from: IsoDate | None = Field(None, description="Articles published on or after this date (YYYY-MM-DD).")
    published_to: IsoDate | None = Field(None, description="Articles published on or before this date (YYYY-MM-DD).")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_list(cls, value: Any) -> Any:
        """`kind=speech,belief` and `kind=speech&kind=belief` alike; `all` stands for every kind."""
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_REPEAT:  # counted as given: the schema's maxItems, before repeats are merged
            raise ValueError(f"at most {MAX_REPEAT} values")
        if any(not str(v).strip() for v in values):  # no kind is named "": the schema's enum refuses it
            raise ValueError("an empty value names no kind")
        parts = [p.strip() for v in values for p in str(v).split(",")]
        kinds: list[Any] = []
        for part in parts:
            kinds.extend(AttributionKind if part == KIND_ALL else [part] if part else [])
        return list(dict.fromkeys(kinds))

    def kinds(self) -> list[AttributionKind]:
        """The kinds these filters count: those asked for, else the counted kinds."""
        return list(self.kind) or list(COUNTED_KINDS)


KIND_ALL = "all"


def outlet_ids(outlets: list[str]) -> Select[Any]:
    """The ids of the outlets named or numbered in a filter: digits are an id, anything else a name."""
    ids = [i for i in map(parse_id, outlets) if i is not None]
    names = [o.lower() for o in outlets if parse_id(o) is None]
    return select(Outlet.id).where(or_(Outlet.id.in_(ids), func.lower(Outlet.name).in_(names)))


def counted() -> ColumnElement[bool]:
    """What the product counts when no filter says otherwise: not rejected, and of a counted kind."""
    return and_(Attribution.status != Status.rejected, Attribution.kind.in_(COUNTED_KINDS))


def confident_enough(threshold: float) -> ColumnElement[bool]:
    """At least `threshold` certain, or a person's decision (which no confidence threshold overrules)."""
    return or_(Attribution.confidence >= threshold, ~Attribution.untouched)


def joined(
    stmt: Select[Any],
    f: AttributionFilters,
    *,
    article: bool = False,
    speaker: bool = False,
    inner_speaker: bool = False,
) -> Select[Any]:
    """Attribution joined to only the tables the filters (or the caller) refer to: fewer joins, faster counts.

    `inner_speaker` joins only the rows with a speaker, which lets a sort walk the speaker index first."""
    stmt = stmt.select_from(Attribution)
    if article or f.outlet or f.published_from or f.published_to:
        stmt = stmt.join(Article, Article.id == Attribution.article_id)
    if inner_speaker:
        stmt = stmt.join(Speaker, Speaker.id == Attribution.speaker_id)
    elif speaker or f.speaker_kind or f.speaker_name:
        stmt = stmt.outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
    return stmt


def _base(session: Session, f: AttributionFilters, matched: Matches | None = None) -> Select[Any]:
    return joined(select(Attribution.id), f).where(*conditions(session, f, matched))


def conditions(session: Session, f: AttributionFilters, matched: Matches | None = None) -> list[Any]:
    """The filters as conditions on the rows. With `matched` (the search's newest matches, app/queries/fts.py)
    the search's words are the ids themselves when they are every match, else a walk that tests rows."""
    conds: list[Any] = []
    if f.speaker:
        conds.append(Attribution.speaker_id.in_(f.speaker))
    if f.speaker_name:
        needle = f"%{f.speaker_name.lower()}%"
        conds.append(
            or_(
                func.lower(Speaker.name).like(needle),
                Attribution.speaker_id.in_(
                    select(SpeakerAlias.speaker_id).where(func.lower(SpeakerAlias.alias).like(needle))
                ),
            )
        )
    if f.article is not None:
        conds.append(Attribution.article_id == f.article)
    if f.claim is not None:
        conds.append(Attribution.claim_id == f.claim)
    if f.outlet:
        conds.append(Article.outlet_id.in_(outlet_ids(f.outlet)))
    if f.speaker_kind:
        conds.append(Speaker.kind.in_(f.speaker_kind))
    if f.anonymous is not None:
        conds.append(Attribution.anonymous.is_(f.anonymous))
    if f.quote_type:
        conds.append(Attribution.quote_type.in_(f.quote_type))
    if f.stance:
        conds.append(Attribution.stance.in_(f.stance))
    kinds = f.kinds()
    if len(kinds) < len(AttributionKind):
        conds.append(Attribution.kind.in_(kinds))
    if f.min_confidence is not None:
        conds.append(confident_enough(f.min_confidence))
    if f.via:
        if f.via.lower() == "any":
            conds.append(or_(Attribution.via_speaker_id.is_not(None), Attribution.via_start.is_not(None)))
        else:
            conds.append(Attribution.via_speaker_id.in_(relay_ids(f.via)))
    conds.append(Attribution.status.in_(f.status) if f.status else Attribution.status != Status.rejected)
    if f.q and matched is not None and matched.complete:
        conds.append(id_among(session, matched.ids))
    elif f.q:
        conds.append(content_matches(session, f.q, dense=matched is not None))
    if f.published_from:
        conds.append(Article.published_at >= datetime.combine(f.published_from, time.min))
    if f.published_to:
        conds.append(Article.published_at <= datetime.combine(f.published_to, time.max))
    return conds


def relay_ids(via: str) -> Select[Any]:
    """The speakers a `via` value names: an id, or any name or alias of the relay, or its outlet's name."""
    speaker_id = parse_id(via)
    if speaker_id is not None:
        return select(Speaker.id).where(Speaker.id == speaker_id)
    key = normalize_name(via)
    by_alias = select(SpeakerAlias.speaker_id).where(SpeakerAlias.normalized == key)
    by_outlet = select(Speaker.id).where(
        Speaker.outlet_id.in_(select(Outlet.id).where(func.lower(Outlet.name).in_(name_forms(via))))
    )
    return select(Speaker.id).where(
        or_(func.lower(Speaker.name) == via.strip().lower(), Speaker.id.in_(by_alias), Speaker.id.in_(by_outlet))
    )


def filtered(session: Session, stmt: Select[Any], f: AttributionFilters) -> Select[Any]:
    """`stmt` over attribution joined to its article and speaker, restricted by the filters."""
    return joined(stmt, f, article=True, speaker=True).where(*conditions(session, f))


@dataclass(frozen=True)
class _Segment:
    """A stretch of a sort order that one index walks: rows matching `where`, ordered by `keys` (the last is
    the attribution id), so that the row after a cursor is one seek of the row comparison on `keys`."""

    where: ColumnElement[bool]
    keys: tuple[Any, ...]
    descending: bool = False
    article: bool = False
    inner_speaker: bool = False


def _segments(sort: AttributionSort) -> list[_Segment]:
    """The segments of a sort, in order.

    Rows without a sort value (no date, no confidence) are a segment of their own after the others, in both
    directions; rows without a speaker come first in the speaker order. A descending order is the exact
    reverse of the ascending one, ties included, so one index serves both.
    """
    descending = sort.value.startswith("-")
    if sort == AttributionSort.speaker:
        named = (Speaker.name, Speaker.id, Attribution.id)
        return [
            _Segment(Attribution.speaker_id.is_(None), (Attribution.id,)),
            _Segment(Attribution.speaker_id.is_not(None), named, inner_speaker=True),
        ]
    if sort in (AttributionSort.confidence, AttributionSort.confidence_desc):
        return [
            _Segment(Attribution.confidence.is_not(None), (Attribution.confidence, Attribution.id), descending),
            _Segment(Attribution.confidence.is_(None), (Attribution.id,)),
        ]
    dated = (Article.published_at, Article.id, Attribution.id)
    return [
        _Segment(Article.published_at.is_not(None), dated, descending, article=True),
        _Segment(Article.published_at.is_(None), (Article.id, Attribution.id), article=True),
    ]


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _decode_value(key: Any, value: Any) -> Any:
    """A cursor's key value as the column holds it (JSON keeps dates as text)."""
    if isinstance(key.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(key.type, Float):
        return float(value)
    if isinstance(key.type, Integer):
        return int(value)
    return str(value)


def _read_cursor(cursor: str, sort: AttributionSort, segments: list[_Segment]) -> tuple[int, list[Any]]:
    try:
        c = decode_cursor(cursor, f"attributions:{sort.value}")
        at, values = int(c["s"]), c["v"]
        keys = segments[at].keys
        if at < 0 or not isinstance(values, list) or len(values) != len(keys):
            raise ValueError("a cursor of another shape")
        return at, [_decode_value(k, v) for k, v in zip(keys, values, strict=True)]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise InputError("cursor", "is not a cursor this list gave out", status=400) from exc


def _after(segment: _Segment, values: list[Any]) -> list[ColumnElement[bool]]:
    """Rows of the segment past `values`: the row comparison, and its first column alone as the seek."""
    bound = [literal(v, k.type) for k, v in zip(segment.keys, values, strict=True)]
    if segment.descending:
        return [segment.keys[0] <= bound[0], tuple_(*segment.keys) < tuple_(*bound)]
    return [segment.keys[0] >= bound[0], tuple_(*segment.keys) > tuple_(*bound)]


@dataclass
class Page:
    ids: list[int]
    next: str | None


def page_ids(
    session: Session,
    f: AttributionFilters,
    sort: AttributionSort,
    limit: int,
    cursor: str | None,
    matched: Matches | None = None,
) -> Page:
    """One page of matching attribution ids in sort order, found by keyset, never by offset.

    Each segment of the order (see _segments) is read by one index seek past the cursor's row, so a deep
    page costs what page 1 does.
    """
    segments = _segments(sort)
    at, values = _read_cursor(cursor, sort, segments) if cursor else (0, [])
    conds = conditions(session, f, matched)
    found: list[tuple[int, Any]] = []
    for n in range(at, len(segments)):
        seg = segments[n]
        keys = select(*[k.label(f"k{i}") for i, k in enumerate(seg.keys)])
        stmt = joined(keys, f, article=seg.article, inner_speaker=seg.inner_speaker)
        stmt = stmt.where(*conds, seg.where, *(_after(seg, values) if n == at and values else []))
        order = [k.desc() if seg.descending else k.asc() for k in seg.keys]
        rows = session.execute(stmt.order_by(*order).limit(limit + 1 - len(found))).all()
        found += [(n, row) for row in rows]
        if len(found) > limit:
            break
    nxt = None
    if len(found) > limit:
        n, row = found[limit - 1]
        nxt = encode_cursor({"k": f"attributions:{sort.value}", "s": n, "v": [_encode_value(v) for v in row]})
    return Page(ids=[row[-1] for _, row in found[:limit]], next=nxt)


def count(session: Session, f: AttributionFilters, matched: Matches | None = None) -> int:
    """Every matching attribution, exactly (a search whose matches were all read counts only those)."""
    return session.scalar(select(func.count()).select_from(_base(session, f, matched).subquery())) or 0


def _span_text(start: Any, end: Any) -> Any:
    return func.substr(Article.text, start + 1, end - start)


def item_rows(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The list items for these ids, in the order given; span texts are cut out by the database."""
    if not ids:
        return []
    stmt = (
        select(
            Attribution,
            Article.id.label("a_id"),
            Article.title.label("a_title"),
            Article.published_at.label("a_published_at"),
            Article.url.label("a_url"),
            Outlet.name.label("a_outlet"),
            Speaker.id.label("s_id"),
            Speaker.name.label("s_name"),
            Speaker.kind.label("s_kind"),
            ViaSpeaker.id.label("v_id"),
            ViaSpeaker.name.label("v_name"),
            ViaSpeaker.kind.label("v_kind"),
            _span_text(Attribution.cue_start, Attribution.cue_end).label("cue_text"),
            _span_text(Attribution.speaker_start, Attribution.speaker_end).label("mention_text"),
            _span_text(Attribution.anonymity_reason_start, Attribution.anonymity_reason_end).label("reason_text"),
            _span_text(Attribution.via_start, Attribution.via_end).label("via_text"),
        )
        .join(Article, Article.id == Attribution.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
        .outerjoin(ViaSpeaker, ViaSpeaker.id == Attribution.via_speaker_id)
        .where(Attribution.id.in_(ids))
    )
    by_id = {row.Attribution.id: _item(row) for row in session.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"text": text or "", "start": start, "end": end}


def _item(row: Any) -> dict[str, Any]:
    a: Attribution = row.Attribution
    via = None
    if a.via_start is not None or row.v_id is not None:
        via = {
            "speaker_id": row.v_id,
            "name": row.v_name or row.via_text,
            "kind": row.v_kind,
            "mention": _span(row.via_text, a.via_start, a.via_end),
        }
    return {
        "id": a.id,
        "article": {
            "id": row.a_id,
            "title": row.a_title,
            "outlet": row.a_outlet,
            "published_at": row.a_published_at,
            "url": row.a_url,
        },
        "speaker": {"id": row.s_id, "name": row.s_name, "kind": row.s_kind} if row.s_id else None,
        "claim_id": a.claim_id,
        "content": {"text": a.content_text, "start": a.content_start, "end": a.content_end},
        "cue": _span(row.cue_text, a.cue_start, a.cue_end),
        "speaker_mention": _span(row.mention_text, a.speaker_start, a.speaker_end),
        "kind": a.kind,
        "quote_type": a.quote_type,
        "stance": a.stance,
        "anonymous": a.anonymous,
        "anonymity_reason": _span(row.reason_text, a.anonymity_reason_start, a.anonymity_reason_end),
        "anonymity_reason_category": a.anonymity_reason_category,
        "via": via,
        "parent_id": a.parent_id,
        "origin": a.origin,
        "status": a.status,
        "confidence": a.confidence,
        "extractor_version": a.extractor_version,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


def iter_all(session: Session, f: AttributionFilters, sort: AttributionSort, batch: int = 1000) -> Iterator[dict]:
    """Every matching item, page by page (keyset), so exports stream in constant memory."""
    cursor: str | None = None
    while True:
        page = page_ids(session, f, sort, batch, cursor)
        yield from item_rows(session, page.ids)
        if page.next is None:
            return
        cursor = page.next
