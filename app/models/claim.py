from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum, utcnow
from app.models.enums import ClusterLabel


class ClaimCluster(Base):
    """Claims that state one proposition in different words: paraphrases, variants, contradictions.

    The flags summarise the labels of the cluster's reports so the claim list can filter on them.
    """

    __tablename__ = "claim_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    has_variants: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    contradicted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class Claim(Base):
    """A proposition; the same words reported by several articles are one claim."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the normalized text (case, quote marks, spacing, punctuation folded).
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    # No foreign key: SQLite cannot add one to the existing claim table in place (see migration 0004);
    # app/store/clusters.py is the only writer and never leaves a claim pointing at a deleted cluster.
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # This wording compared with the cluster's first report: first, same, paraphrase, variant, contradiction.
    cluster_label: Mapped[ClusterLabel | None] = mapped_column(str_enum(ClusterLabel, "cluster_label"))
    # A researcher placed this claim (split or merge): rebuilding the clusters keeps it where it is.
    cluster_pinned: Mapped[bool] = mapped_column(Boolean, default=False)


class ClaimKey(Base):
    """A content word (stemmed) of a claim: the index a new claim's cluster candidates are found by."""

    __tablename__ = "claim_key"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, index=True)


class Statement(Base):
    """A sentence an article states without attributing it, kept so a later report can be matched to it.

    Written by clustering for the article's sentences no attribution covers (outside repeated text,
    page furniture and the headline block); it is a report of its claim with the article as speaker.
    """

    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
