"""Claims: how many articles reported each, who said it, and where it was first reported."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from app.models import Article, Attribution, Claim, ClaimCluster, Outlet, Speaker
from app.queries.attributions import AttributionFilters, AttributionSort, counted, item_rows, page_ids
from app.queries.clusters import cluster_detail
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.fts import content_matches
from app.queries.keyset import after
from app.schemas.types import INT_MAX, MAX_REPEAT, Id, Text
from app.store.errors import NotFound


class ClaimFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: Text | None = Field(None, description="Full-text search over the claim's reported content.", max_length=500)
    speaker: list[Id] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Claims attributed to this speaker id; repeatable."
    )
    min_reports: int = Field(1, ge=1, le=INT_MAX, description="Only claims reported by at least this many articles.")
    has_variants: bool | None = Field(
        None,
        description="Only claims whose cluster has (true) or has no (false) report differing in figures, "
        "dates, names or hedges.",
    )
    contradicted: bool | None = Field(
        None, description="Only claims whose cluster holds (true) or holds no (false) contradicting report."
    )


def list_claims(
    session: Session, f: ClaimFilters, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Claims, most-reported first (keyset on report count, then id)."""
    live = [counted()]
    if f.q:
        live.append(content_matches(session, f.q))
    if f.speaker:
        live.append(Attribution.claim_id.in_(select(Attribution.claim_id).where(Attribution.speaker_id.in_(f.speaker))))
    for flag, wanted in ((ClaimCluster.has_variants, f.has_variants), (ClaimCluster.contradicted, f.contradicted)):
        if wanted is not None:
            flagged = select(Claim.id).join(ClaimCluster, ClaimCluster.id == Claim.cluster_id).where(flag.is_(True))
            live.append(Attribution.claim_id.in_(flagged) if wanted else Attribution.claim_id.not_in(flagged))
    reports = func.count(distinct(Attribution.article_id))
    stmt = (
        select(Attribution.claim_id.label("id"), reports.label("n"))
        .where(*live)
        .group_by(Attribution.claim_id)
        .having(reports >= f.min_reports)
    ).subquery()
    page = select(stmt.c.id, stmt.c.n)
    if cursor:
        c = decode_cursor(cursor, "claims")
        page = page.where(after(stmt.c.n, stmt.c.id, int(c["v"]), int(c["id"]), descending=True))
    rows = session.execute(page.order_by(stmt.c.n.desc(), stmt.c.id).limit(limit + 1)).all()
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = encode_cursor({"k": "claims", "v": rows[-1].n, "id": rows[-1].id})
    return claim_summaries(session, [(r.id, r.n) for r in rows]), nxt


def claim_summaries(session: Session, id_counts: list[tuple[int, int]]) -> list[dict[str, Any]]:
    ids = [i for i, _ in id_counts]
    if not ids:
        return []
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))}
    speakers: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for claim_id, sid, name, kind in session.execute(
        select(Attribution.claim_id, Speaker.id, Speaker.name, Speaker.kind)
        .join(Speaker, Speaker.id == Attribution.speaker_id)
        .where(Attribution.claim_id.in_(ids), counted())
        .distinct()
        .order_by(Attribution.claim_id, Speaker.name)
    ):
        speakers[claim_id].append({"id": sid, "name": name, "kind": kind})
    first: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(
            Attribution.claim_id,
            Attribution.id,
            Article.id,
            Article.title,
            Outlet.name,
            Article.published_at,
            Article.url,
        )
        .join(Article, Article.id == Attribution.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Attribution.claim_id.in_(ids), counted())
        .order_by(Attribution.claim_id, Article.published_at.asc().nulls_last(), Attribution.id)
    )
    for claim_id, attribution_id, aid, title, outlet, published_at, url in rows:
        first.setdefault(
            claim_id,
            {
                "attribution_id": attribution_id,
                "article": {"id": aid, "title": title, "outlet": outlet, "published_at": published_at, "url": url},
            },
        )
    return [
        {
            "id": i,
            "text": claims[i].text,
            "report_count": n,
            "speakers": speakers[i],
            "first_report": first.get(i),
            "created_at": claims[i].created_at,
            "cluster_id": claims[i].cluster_id,
            "cluster_label": claims[i].cluster_label,
        }
        for i, n in id_counts
        if i in claims
    ]


def claim_detail(session: Session, claim_id: int) -> dict[str, Any]:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound("claim", claim_id)
    n = session.scalar(
        select(func.count(distinct(Attribution.article_id))).where(Attribution.claim_id == claim_id, counted())
    )
    summary = claim_summaries(session, [(claim_id, n or 0)])[0]
    # In date order: the first report comes first.
    page = page_ids(session, AttributionFilters(claim=claim_id), AttributionSort.published_at, 500, None)
    return {**summary, "attributions": item_rows(session, page.ids), "cluster": _cluster_of(session, claim)}


def _cluster_of(session: Session, claim: Claim) -> dict[str, Any] | None:
    """The claim's cluster. Reads are not one snapshot: a merge committed since the claim was read may have
    removed its cluster, and then the claim is read again to find the one it is in now."""
    try:
        return cluster_detail(session, claim.cluster_id) if claim.cluster_id is not None else None
    except NotFound:
        session.refresh(claim)
        return cluster_detail(session, claim.cluster_id) if claim.cluster_id is not None else None
