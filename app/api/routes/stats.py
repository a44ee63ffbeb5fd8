from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from app.api.deps import ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.api.routes.params import LIMIT_DEFAULT, LIMIT_MAX
from app.queries.attributions import AttributionFilters
from app.queries.stats import SourcingGroup, sourcing_page
from app.schemas.stats import SourcingStats
from app.schemas.types import Text

router = APIRouter(prefix="/stats", tags=["stats"])


class SourcingParams(AttributionFilters):
    model_config = ConfigDict(extra="forbid")

    group_by: SourcingGroup = Field(SourcingGroup.outlet, description="outlet, speaker_kind, month or article.")
    limit: int = Field(
        LIMIT_DEFAULT,
        ge=1,
        le=LIMIT_MAX,
        description="Articles per page with `group_by=article` (at most 500); the other groupings come whole.",
    )
    cursor: Text | None = Field(None, max_length=2000, description="The `next` cursor of the previous page.")


@router.get("/sourcing", response_model=SourcingStats, responses=error_responses(400))
def sourcing_stats(session: SessionDep, _: ReaderDep, params: Annotated[SourcingParams, Query()]) -> dict[str, Any]:
    """Per group: total, named, anonymous, document, via another outlet, direct, indirect, mixed.

    `group_by=article` pages by keyset in article id order (`limit`, then `next` as `cursor`): a page costs
    its own articles' attributions whatever the corpus's size. Every count is exact."""
    f = AttributionFilters.model_validate(params.model_dump(include=set(AttributionFilters.model_fields)))
    groups, nxt = sourcing_page(session, params.group_by, f, params.limit, params.cursor)
    return {"group_by": params.group_by.value, "groups": groups, "next": nxt}
