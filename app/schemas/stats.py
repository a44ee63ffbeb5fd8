from __future__ import annotations

from pydantic import BaseModel, Field


class SourcingRow(BaseModel):
    group: str | None
    label: str | None
    total: int
    named: int
    anonymous: int
    document: int
    via_outlet: int
    direct: int
    indirect: int
    mixed: int
    anonymous_share: float


class SourcingStats(BaseModel):
    group_by: str
    groups: list[SourcingRow]
    next: str | None = Field(
        None, description="`group_by=article`: the cursor of the next page of articles, or null on the last page."
    )
