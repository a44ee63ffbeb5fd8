"""The ledger of a cluster ingest: each shard of input files whose articles are stored, so a re-run skips it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class IngestShard(Base):
    """A shard (a few input files) written in the same transaction as its articles: present means all stored."""

    __tablename__ = "ingest_shard"

    # sha256 of the shard's files: their resolved paths and sizes, in order.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    files: Mapped[int] = mapped_column(Integer)
    articles: Mapped[int] = mapped_column(Integer)  # new articles it stored
    finished_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
