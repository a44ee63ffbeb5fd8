from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ColumnElement, Float, ForeignKey, Index, Integer, String, Text, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.enums import AnonymityReason, AttributionKind, Origin, QuoteType, Stance, Status

if TYPE_CHECKING:
    from app.models.article import Article
    from app.models.claim import Claim
    from app.models.speaker import Speaker


class Attribution(TimestampMixin, Base):
    """In article A, speaker S is reported as asserting claim C, sourced in this way.

    Spans are [start, end) offsets into article.text; `content_text` repeats the content's
    characters so lists and full-text search need not load whole articles.
    """

    __tablename__ = "attribution"
    __table_args__ = (
        # Covering indexes for the hot paths: pages ordered by article date and facet counts, which
        # all leave out rejected rows and, by default, the kinds that are not counted (see COUNTED_KINDS).
        Index("ix_attribution_article_status", "article_id", "status", "kind"),
        Index("ix_attribution_speaker_status", "speaker_id", "status", "kind", "article_id"),
        # "Anonymous only" is the researchers' most used filter; without this index SQLite answers its
        # speaker facet by walking the speaker index over every row (50 times slower at 100,000 rows).
        Index("ix_attribution_anonymous_speaker", "anonymous", "speaker_id", "status", "kind"),
        # The review queue: suggestions, least certain first.
        Index("ix_attribution_status_confidence", "status", "confidence", "kind"),
        # Keyset paging: each sort walks one of these in order, and a cursor is one seek into it (the date
        # and speaker sorts walk the article and speaker indexes, then these per article or speaker).
        Index("ix_attribution_article_order", "article_id", "id"),
        Index("ix_attribution_speaker_order", "speaker_id", "id"),
        Index("ix_attribution_confidence_order", "confidence", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="SET NULL"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)

    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)

    kind: Mapped[AttributionKind] = mapped_column(
        str_enum(AttributionKind, "attribution_kind"),
        default=AttributionKind.speech,
        server_default=AttributionKind.speech.value,
    )
    quote_type: Mapped[QuoteType] = mapped_column(str_enum(QuoteType, "quote_type"), index=True)
    stance: Mapped[Stance] = mapped_column(str_enum(Stance, "stance"), default=Stance.asserts, index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymity_reason_start: Mapped[int | None] = mapped_column(Integer)
    anonymity_reason_end: Mapped[int | None] = mapped_column(Integer)
    anonymity_reason_category: Mapped[AnonymityReason | None] = mapped_column(
        str_enum(AnonymityReason, "anonymity_reason")
    )

    via_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="SET NULL"), index=True)
    via_start: Mapped[int | None] = mapped_column(Integer)
    via_end: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("attribution.id", ondelete="SET NULL"), index=True)

    origin: Mapped[Origin] = mapped_column(str_enum(Origin, "origin"), default=Origin.manual)
    status: Mapped[Status] = mapped_column(str_enum(Status, "status"), default=Status.suggested, index=True)
    # True once a person changed anything: re-extraction never overwrites such a row.
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    extractor_version: Mapped[str | None] = mapped_column(String(64))

    article: Mapped[Article] = relationship(back_populates="attributions")
    speaker: Mapped[Speaker | None] = relationship(foreign_keys=[speaker_id])
    via_speaker: Mapped[Speaker | None] = relationship(foreign_keys=[via_speaker_id])
    claim: Mapped[Claim] = relationship()
    parent: Mapped[Attribution | None] = relationship(remote_side=[id])

    @hybrid_property
    def untouched(self) -> bool:
        """A machine suggestion no person has confirmed, edited, rejected or added: re-extraction may replace it."""
        return self.origin == Origin.extracted and self.status == Status.suggested and not self.edited

    @untouched.inplace.expression
    @classmethod
    def _untouched_expression(cls) -> ColumnElement[bool]:
        return and_(cls.origin == Origin.extracted, cls.status == Status.suggested, cls.edited.is_(False))
