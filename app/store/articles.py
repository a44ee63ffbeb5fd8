"""Ingesting an article: dedupe by content hash, read metadata, mark regions, extract and store.

Everything slow (metadata, regions, extraction) happens in `prepare_article`, which touches no database;
`ingest_article` then writes in one short step, so no write lock is held while a long text is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction
from app.models import Article, OutletKind, RegionKind
from app.schemas.types import InputDatetime, StrictBool, Text, to_utc_naive
from app.store.errors import InputError
from app.text.hashing import content_hash
from app.text.metadata import TextMetadata, read_text_metadata
from app.text.urls import web_url_problem

if TYPE_CHECKING:
    from app.store.bulk import BulkWriter, Written

MIB = 1024 * 1024


class ArticleInput(BaseModel):
    """An article to ingest; fields left out are read from the text where it states them."""

    text: Text = Field(min_length=1, description="The article text; stored exactly as given.")
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
    stored: Written | None = None  # what storing it did (None: found stored)


def check_article_size(text: str, limit: int) -> None:
    """Refuse (413) a text longer than `limit` bytes of UTF-8: extraction time grows with the text."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise InputError(
            "text",
            f"is {size:,} bytes of UTF-8, over the limit of {limit:,} bytes ({limit / MIB:g} MiB); "
            "the server's CLAIMBASE_MAX_ARTICLE_BYTES sets it",
            status=413,
        )


@dataclass
class PreparedArticle:
    """An article read and extracted, ready to be written: the slow part of ingest, done without a database."""

    data: ArticleInput
    digest: str
    meta: TextMetadata
    regions: list[tuple[int, int, str]]
    extraction: ArticleExtraction | None
    # The content-word stems of texts its claims may be (`indexed_stems`), when worked out beforehand; the
    # writer works out any other.
    stems: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_text(text: str) -> tuple[TextMetadata, list[tuple[int, int, str]]]:
    """The metadata a text states and its regions (headline block, repeats, page furniture): what
    `prepare_article` reads, a function of the text alone (so an extraction worker can do it)."""
    from app.text.regions import find_regions

    meta = read_text_metadata(text)
    return meta, [*meta.regions(), *((r.start, r.end, r.kind) for r in find_regions(text))]


def prepare_article(
    data: ArticleInput,
    extraction: ArticleExtraction | None = None,
    reading: tuple[TextMetadata, list[tuple[int, int, str]]] | None = None,
    stems: dict[str, tuple[str, ...]] | None = None,
) -> PreparedArticle:
    """Hash, metadata, regions and (when `data.extract` and none is given) the extraction of one text;
    `reading` is `read_text(data.text)` and `stems` `indexed_stems` of the text when done elsewhere."""
    meta, regions = reading if reading is not None else read_text(data.text)
    if extraction is None and data.extract:
        from app.extraction import extract

        extraction = extract(data.text)
    extraction = extraction if data.extract else None
    return PreparedArticle(data, content_hash(data.text), meta, regions, extraction, stems or {})


def article_snapshot(article: Article) -> dict[str, Any]:
    """What the change history keeps of an article, and what its ETag stands for."""
    published = article.published_at
    return {
        "title": article.title,
        "content_hash": article.content_hash,
        "published_at": published.isoformat() if isinstance(published, datetime) else None,
    }


def region_rows(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, RegionKind]]:
    """The regions an article stores, in the order their rows are written: each once, inside the text,
    by start then end."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for start, end, kind in found:
        if (start, end, kind) not in seen and 0 <= start < end <= len(text):
            seen.add((start, end, kind))
            out.append((start, end, RegionKind(kind)))
    return sorted(out, key=lambda r: (r[0], r[1]))


def stored_article(session: Session, text: str) -> Article | None:
    """The article already stored with exactly this text, if any."""
    return session.scalar(select(Article).where(Article.content_hash == content_hash(text)))


def ingest_article(
    session: Session,
    data: ArticleInput | PreparedArticle,
    min_confidence: float | None = None,
    writer: BulkWriter | None = None,
) -> IngestResult:
    """Store an article (or find it, when the same text was ingested before) and its attributions, with the
    bulk writer (`writer`, the batch's, or one for this article alone): the one way an extraction is stored.

    Given an `ArticleInput`, a new text is prepared (and extracted) here, before anything is written;
    callers that hold a write transaction already pass a `PreparedArticle` made outside it. Suggestions
    less certain than `min_confidence` are not stored. Rows written are not in the session's identity map:
    objects it held before may be stale (the article returned is read after the write).
    """
    from app.store.bulk import BulkWriter

    text = data.text if isinstance(data, ArticleInput) else data.data.text
    if isinstance(data, ArticleInput):
        existing = stored_article(session, text)
        if existing is not None:
            return IngestResult(article=existing, duplicate=True)
    prepared = prepare_article(data) if isinstance(data, ArticleInput) else data
    # Writers of the same text wait for each other in `write` (after the slow preparation, before the write):
    # the second finds the first's article.
    written = (writer or BulkWriter(session)).write(prepared, min_confidence=min_confidence)
    article = session.scalar(select(Article).where(Article.content_hash == prepared.digest))
    assert article is not None
    return IngestResult(article=article, duplicate=written.duplicate, stored=written)
