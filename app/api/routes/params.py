"""Query-parameter models of the lists: filters plus paging, unknown parameters refused."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models import Status
from app.queries.articles import ArticleFilters
from app.queries.attributions import AttributionFacet, AttributionFilters, AttributionSort
from app.queries.claims import ClaimFilters
from app.queries.review import REVIEW_SORT
from app.queries.speakers import SpeakerFilters, SpeakerSort
from app.schemas.types import MAX_REPEAT, QueryBool, Text

LIMIT_DEFAULT = 50
LIMIT_MAX = 500


class PageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Items per page (at most 500).")
    cursor: Text | None = Field(None, max_length=2000, description="The `next` cursor of the previous page.")
    total: QueryBool = Field(False, description="Also count every matching item (costs a full count).")


class AttributionListParams(AttributionFilters, PageParams):
    sort: AttributionSort = Field(AttributionSort.published_at_desc, description="Sort order.")
    facet: list[AttributionFacet] = Field(
        default_factory=list, max_length=MAX_REPEAT, description="Facet counts to return; repeatable."
    )


class ReviewParams(AttributionFilters, PageParams):
    # The queue holds suggestions only: the schema says so, so no valid request is refused for it.
    status: list[Literal[Status.suggested]] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=MAX_REPEAT, description="Only `suggested`: the queue holds nothing else."
    )
    sort: AttributionSort = Field(REVIEW_SORT, description="Sort order; `confidence` (least certain first) by default.")


class SpeakerListParams(SpeakerFilters, PageParams):
    sort: SpeakerSort = Field(SpeakerSort.attribution_count_desc, description="Sort order.")


class ClaimListParams(ClaimFilters, PageParams):
    pass


class ArticleListParams(ArticleFilters, PageParams):
    pass
