"""Counts of attributions per combination of the dimensions that facets and sourcing statistics filter and
group on, so those answers read a few thousand rows instead of every attribution.

Database triggers (migrations 0006, 0007, 0009 and 0014) keep the tables exact as attributions, articles and
speakers change, on SQLite and PostgreSQL alike; `claimbase db tally` rebuilds them after a load that bypasses triggers.
A missing value is stored as 0 (no outlet, no speaker) or '' (no date, no speaker kind), so that each
combination is one row of the primary key. Counts that fall to 0 stay until the next rebuild.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class AttributionTally(Base):
    """Attributions per outlet × month × speaker kind × the attribution's own categories."""

    __tablename__ = "attribution_tally"

    outlet_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    speaker_kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    quote_type: Mapped[str] = mapped_column(String(24), primary_key=True)
    stance: Mapped[str] = mapped_column(String(24), primary_key=True)
    # Relayed through a speaker of kind outlet (the sourcing statistics' `via_outlet`).
    via_outlet: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class SpeakerTally(Base):
    """Attributions per speaker × outlet × anonymous × kind × status: the speaker facet's counts."""

    __tablename__ = "speaker_tally"
    # The speakers a filtered speaker facet checks, read by anonymity first (covering: the counts are in it).
    __table_args__ = (
        Index("ix_speaker_tally_anonymous", "speaker_id", "anonymous", "kind", "status", "outlet_id", "n"),
    )

    speaker_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class SpeakerTotal(Base):
    """Attributions per speaker: all of them (`n`, at least any filtered count) and those the lists count by
    default (`counted`: speech and belief, not rejected). The speaker facet of an unfiltered list reads the
    top of `counted`; a filtered one reads speakers from the largest bound down and stops once no other
    speaker can reach its top values."""

    __tablename__ = "speaker_total"
    __table_args__ = (
        Index("ix_speaker_total_n", "n", "speaker_id"),
        Index("ix_speaker_total_counted", "counted", "speaker_id"),
    )

    speaker_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer, server_default="0")
