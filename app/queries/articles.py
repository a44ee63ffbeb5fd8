"""Articles: the list with their attribution counts, and one article with its text and spans."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import COUNTED_KINDS, Article, Attribution, AttributionKind, Status
from app.queries.attributions import AttributionFilters, AttributionSort, counted, item_rows, outlet_ids, page_ids
from app.queries.cursor import decode_cursor, encode_cursor
from app.queries.keyset import after
from app.schemas.types import MAX_REPEAT, IsoDate, OutletRef, Text
from app.store.errors import NotFound


class ArticleFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: Text | None = Field(None, description="Words in the title or text (case-insensitive substring).", max_length=300)
    outlet: list[OutletRef] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Outlet name or id; repeatable."
    )
    published_from: IsoDate | None = Field(None, description="Published on or after (YYYY-MM-DD).")
    published_to: IsoDate | None = Field(None, description="Published on or before (YYYY-MM-DD).")


def _count_live() -> Any:
    return (
        select(Attribution.article_id.label("article_id"), func.count().label("n"))
        .where(counted())
        .group_by(Attribution.article_id)
        .subquery()
    )


def _summary(a: Article, n: int) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet.name if a.outlet else None,
        "authors": a.authors or [],
        "dateline": a.dateline,
        "published_at": a.published_at,
        "language": a.language,
        "source_name": a.source_name,
        "ingested_at": a.ingested_at,
        "attribution_count": n,
    }


def list_articles(
    session: Session, f: ArticleFilters, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first by publication date (undated last), then by id; keyset-paginated."""
    counts = _count_live()
    stmt = select(Article, func.coalesce(counts.c.n, 0).label("n")).outerjoin(counts, counts.c.article_id == Article.id)
    if f.q:
        needle = f"%{f.q.lower()}%"
        stmt = stmt.where(or_(func.lower(Article.title).like(needle), func.lower(Article.text).like(needle)))
    if f.outlet:
        stmt = stmt.where(Article.outlet_id.in_(outlet_ids(f.outlet)))
    if f.published_from:
        stmt = stmt.where(Article.published_at >= datetime.combine(f.published_from, time.min))
    if f.published_to:
        stmt = stmt.where(Article.published_at <= datetime.combine(f.published_to, time.max))
    key = Article.published_at
    if cursor:
        c = decode_cursor(cursor, "articles")
        if c["v"] is None:
            stmt = stmt.where(key.is_(None), Article.id > int(c["id"]))
        else:
            value = datetime.fromisoformat(c["v"])
            stmt = stmt.where(or_(after(key, Article.id, value, int(c["id"]), descending=True), key.is_(None)))
    rows = session.execute(stmt.order_by(key.desc().nulls_last(), Article.id).limit(limit + 1)).all()
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1].Article
        nxt = encode_cursor(
            {"k": "articles", "v": last.published_at.isoformat() if last.published_at else None, "id": last.id}
        )
    return [_summary(r.Article, r.n) for r in rows], nxt


def article_detail(session: Session, article_id: int) -> dict[str, Any]:
    article = session.scalar(select(Article).where(Article.id == article_id).options(selectinload(Article.regions)))
    if article is None:
        raise NotFound("article", article_id)
    # Every attribution, rejected ones and every kind too: the reader shows them all.
    f = AttributionFilters(article=article_id, status=list(Status), kind=list(AttributionKind))
    ids: list[int] = []
    cursor = None
    while True:
        page = page_ids(session, f, AttributionSort.published_at, 500, cursor)
        ids += page.ids
        if page.next is None:
            break
        cursor = page.next
    items = sorted(item_rows(session, ids), key=lambda i: (i["content"]["start"], i["id"]))
    live = sum(1 for i in items if i["status"] != Status.rejected and i["kind"] in COUNTED_KINDS)
    return {
        **_summary(article, live),
        "text": article.text,
        "content_hash": article.content_hash,
        "extractor_version": article.extractor_version,
        "regions": [{"start": r.start, "end": r.end, "kind": r.kind} for r in article.regions],
        "attributions": items,
    }
