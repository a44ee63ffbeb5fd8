from __future__ import annotations

from pydantic import BaseModel

from app.models import OutletKind, RegionKind
from app.schemas.attribution import AttributionRead
from app.schemas.types import UtcDatetime


class OutletRead(BaseModel):
    id: int
    name: str
    domain: str | None
    kind: OutletKind


class RegionRead(BaseModel):
    start: int
    end: int
    kind: RegionKind


class ArticleSummary(BaseModel):
    id: int
    title: str | None
    url: str | None
    outlet: str | None
    authors: list[str]
    dateline: str | None
    published_at: UtcDatetime | None
    language: str | None
    source_name: str | None
    ingested_at: UtcDatetime
    attribution_count: int


class ArticleRead(ArticleSummary):
    text: str
    content_hash: str
    extractor_version: str | None
    regions: list[RegionRead]
    attributions: list[AttributionRead]
    duplicate: bool = False


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next: str | None
    total: int | None = None
