from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum, utcnow
from app.models.enums import OutletKind


class Outlet(Base):
    """A publication: newspaper, wire, broadcaster, blog, government site."""

    __tablename__ = "outlet"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200), index=True)
    kind: Mapped[OutletKind] = mapped_column(str_enum(OutletKind, "outlet_kind"), default=OutletKind.other)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


# Lists filtered by outlet look outlets up by name, case-insensitively (app/queries/attributions.py).
Index("ix_outlet_name_lower", func.lower(Outlet.name))
