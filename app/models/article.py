from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum, utcnow
from app.models.enums import RegionKind

if TYPE_CHECKING:
    from app.models.attribution import Attribution
    from app.models.outlet import Outlet


class Article(Base):
    """An article's text exactly as ingested; every span in the database indexes this text."""

    __tablename__ = "article"
    # Date order, ties by id: the index the attribution list's date sort walks (keyset seeks on both columns).
    __table_args__ = (Index("ix_article_published_at_id", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id", ondelete="SET NULL"), index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    dateline: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(DateTime())
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The file name (or JSONL doc_id) it came from, so annotation files can find it.
    source_name: Mapped[str | None] = mapped_column(String(500), index=True)
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)

    outlet: Mapped[Outlet | None] = relationship(lazy="joined")
    regions: Mapped[list[ArticleRegion]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleRegion.start"
    )
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ArticleRegion(Base):
    """A stretch of the text that is a repeat, page furniture, or the headline/byline/dateline."""

    __tablename__ = "article_region"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RegionKind] = mapped_column(str_enum(RegionKind, "region_kind"))

    article: Mapped[Article] = relationship(back_populates="regions")
