from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.enums import SpeakerKind

if TYPE_CHECKING:
    from app.models.article import Article


class Speaker(TimestampMixin, Base):
    """Who asserts: a person, organization, outlet, document, or an article's anonymous source."""

    __tablename__ = "speaker"
    # Name order, ties by id: the index the attribution list's speaker sort walks (and name lookups use).
    __table_args__ = (Index("ix_speaker_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SpeakerKind] = mapped_column(str_enum(SpeakerKind, "speaker_kind"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    # Anonymous speakers belong to the article that describes them: two articles' "officials"
    # are not known to be the same people.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id", ondelete="SET NULL"))
    descriptor: Mapped[str | None] = mapped_column(String(300))
    plural: Mapped[bool | None] = mapped_column(Boolean)
    affiliation: Mapped[str | None] = mapped_column(String(300))
    descriptor_class: Mapped[str | None] = mapped_column(String(100), index=True)
    # A merged speaker is kept (so the merge can be undone) and points at the survivor.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="SET NULL"), index=True)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.alias"
    )
    roles: Mapped[list[SpeakerRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerRole.id"
    )
    article: Mapped[Article | None] = relationship()


class SpeakerAlias(Base):
    """A name variant (`John Kirby`, `Mr. Kirby`); `normalized` is what linking compares, `surname` (see
    `app.store.names.surname`) what linking a person seeks."""

    __tablename__ = "speaker_alias"
    __table_args__ = (UniqueConstraint("speaker_id", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300), index=True)
    surname: Mapped[str | None] = mapped_column(String(300), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """A title held at an organization, as evidenced by dated articles."""

    __tablename__ = "speaker_role"
    __table_args__ = (UniqueConstraint("speaker_id", "title", "organization"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")

    speaker: Mapped[Speaker] = relationship(back_populates="roles")
    evidence: Mapped[list[RoleEvidence]] = relationship(
        back_populates="role", cascade="all, delete-orphan", order_by="RoleEvidence.observed_on"
    )


class RoleEvidence(Base):
    """One article showing a role, with the date it shows it on and the span that says so."""

    __tablename__ = "role_evidence"
    __table_args__ = (UniqueConstraint("role_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("speaker_role.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    observed_on: Mapped[date | None] = mapped_column(Date)
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)

    role: Mapped[SpeakerRole] = relationship(back_populates="evidence")
    article: Mapped[Article] = relationship()
