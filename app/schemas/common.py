from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.schemas.types import Offset


class SpanRead(BaseModel):
    text: str
    start: int
    end: int


class SpanIn(BaseModel):
    """A span of the article text: [start, end) in Python string indices."""

    start: Offset
    end: Offset

    def pair(self) -> tuple[int, int]:
        return self.start, self.end


class FacetValue(BaseModel):
    value: Any
    label: Any
    count: int


class ErrorDetail(BaseModel):
    field: str | None
    message: str


class ErrorBody(BaseModel):
    status: int
    message: str
    field: str | None = None
    errors: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


class StaleRecordResponse(ErrorResponse):
    """412: the record changed since the version named in If-Match; `current` is what is stored now."""

    current: dict[str, Any]
