from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.api.routes.attributions import filters_of
from app.api.routes.params import ReviewParams
from app.queries import attributions as q
from app.queries.review import queue_page, waiting
from app.schemas.attribution import AttributionPage

router = APIRouter(prefix="/review", tags=["review"])


@router.get("", response_model=AttributionPage, responses=error_responses(400))
def review_queue(session: SessionDep, _: ReaderDep, params: Annotated[ReviewParams, Query()]) -> dict[str, Any]:
    """Suggestions awaiting a decision, least certain first unless `sort` says otherwise.

    Takes the filters of `/api/attributions` (speech and belief by default; `kind=all` for every kind);
    `total=true` counts every waiting suggestion that matches.
    """
    f = filters_of(params)
    page = queue_page(session, f, params.sort, params.limit, params.cursor)
    out: dict[str, Any] = {"items": q.item_rows(session, page.ids), "next": page.next}
    if params.total:
        out["total"] = waiting(session, f)
    return out
