from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from app.api.deps import ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.queries.attributions import AttributionFilters
from app.queries.stats import SourcingGroup, sourcing
from app.schemas.stats import SourcingStats

router = APIRouter(prefix="/stats", tags=["stats"])


class SourcingParams(AttributionFilters):
    model_config = ConfigDict(extra="forbid")

    group_by: SourcingGroup = Field(SourcingGroup.outlet, description="outlet, speaker_kind, month or article.")


@router.get("/sourcing", response_model=SourcingStats, responses=error_responses())
def sourcing_stats(session: SessionDep, _: ReaderDep, params: Annotated[SourcingParams, Query()]) -> dict[str, Any]:
    """Per group: total, named, anonymous, document, via another outlet, direct, indirect, mixed."""
    f = AttributionFilters.model_validate(params.model_dump(include=set(AttributionFilters.model_fields)))
    return {"group_by": params.group_by.value, "groups": sourcing(session, params.group_by, f)}
