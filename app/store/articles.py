"""Ingesting an article: dedupe by content hash, read metadata, mark regions, extract and store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Article, ArticleRegion, Outlet, OutletKind, RegionKind
from app.schemas.types import InputDatetime, StrictBool, Text, to_utc_naive
from app.store.errors import InputError
from app.text.hashing import content_hash
from app.text.metadata import read_text_metadata
from app.text.urls import web_url_problem


class ArticleInput(BaseModel):
    """An article to ingest; fields left out are read from the text where it states them."""

    text: Text = Field(description="The article text; stored exactly as given.")
    title: Text | None = Field(None, max_length=1000)
    url: Text | None = Field(None, max_length=2000, description="The article's http(s) address.")
    outlet: Text | None = Field(None, max_length=200, description="Outlet name; created if new.")
    outlet_kind: OutletKind | None = None
    outlet_domain: Text | None = Field(None, max_length=200)
    published_at: InputDatetime | None = Field(
        None, description="RFC 3339; a time without an offset, or a date alone, is taken as UTC."
    )
    authors: list[Annotated[Text, Field(max_length=300)]] | None = Field(None, max_length=100)
    language: Text | None = Field(None, max_length=16)
    source_name: Text | None = Field(None, max_length=500, description="File name or doc_id it came from.")
    extract: StrictBool = Field(True, description="Run the attribution extractor.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the article text is empty")
        return v

    @field_validator("url")
    @classmethod
    def _web_url(cls, v: str | None) -> str | None:
        problem = web_url_problem(v) if v is not None else None
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("published_at")
    @classmethod
    def _naive_utc(cls, v: datetime | None) -> datetime | None:
        return to_utc_naive(v) if v is not None else None


@dataclass
class IngestResult:
    article: Article
    duplicate: bool


def get_or_create_outlet(
    session: Session, name: str, kind: OutletKind | None = None, domain: str | None = None
) -> Outlet:
    name = name.strip()
    if not name:
        raise InputError("outlet", "is empty")
    outlet = session.scalar(select(Outlet).where(Outlet.name == name))
    if outlet is None:
        outlet = Outlet(name=name, kind=kind or OutletKind.other, domain=domain)
        session.add(outlet)
        session.flush()
    else:
        if kind and outlet.kind == OutletKind.other:
            outlet.kind = kind
        if domain and not outlet.domain:
            outlet.domain = domain
    return outlet


def _regions(text: str, meta_regions: list[tuple[int, int, str]]) -> list[ArticleRegion]:
    from app.text.regions import find_regions

    seen: set[tuple[int, int, str]] = set()
    out = []
    for start, end, kind in [*meta_regions, *((r.start, r.end, r.kind) for r in find_regions(text))]:
        if (start, end, kind) not in seen and 0 <= start < end <= len(text):
            seen.add((start, end, kind))
            out.append(ArticleRegion(start=start, end=end, kind=RegionKind(kind)))
    return sorted(out, key=lambda r: (r.start, r.end))


def ingest_article(session: Session, data: ArticleInput, actor: str = "system") -> IngestResult:
    """Store an article (or find it, when the same text was ingested before) and its attributions."""
    digest = content_hash(data.text)
    existing = session.scalar(select(Article).where(Article.content_hash == digest))
    if existing is not None:
        return IngestResult(article=existing, duplicate=True)
    meta = read_text_metadata(data.text)
    article = Article(
        text=data.text,
        content_hash=digest,
        title=data.title or meta.title,
        url=data.url,
        authors=data.authors if data.authors is not None else list(meta.authors),
        dateline=meta.dateline,
        published_at=data.published_at or meta.published_at,
        language=data.language or meta.language,
        source_name=data.source_name,
    )
    if data.outlet:
        article.outlet = get_or_create_outlet(session, data.outlet, data.outlet_kind, data.outlet_domain)
    article.regions = _regions(data.text, meta.regions())
    session.add(article)
    session.flush()
    if data.extract:
        from app.store.extraction import extract_into

        extract_into(session, article)
    return IngestResult(article=article, duplicate=False)
