from __future__ import annotations

from pydantic import BaseModel

from app.schemas.attribution import ArticleRef, AttributionRead, SpeakerRef
from app.schemas.types import UtcDatetime


class FirstReport(BaseModel):
    article: ArticleRef
    attribution_id: int


class ClaimSummary(BaseModel):
    id: int
    text: str
    report_count: int
    speakers: list[SpeakerRef]
    first_report: FirstReport | None
    created_at: UtcDatetime


class ClaimRead(ClaimSummary):
    attributions: list[AttributionRead]


class ClaimPage(BaseModel):
    items: list[ClaimSummary]
    next: str | None
