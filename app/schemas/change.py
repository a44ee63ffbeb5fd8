from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.schemas.types import UtcDatetime


class ChangeRead(BaseModel):
    id: int
    at: UtcDatetime
    actor: str
    action: str
    entity_type: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


class ChangePage(BaseModel):
    items: list[ChangeRead]
    next: str | None
