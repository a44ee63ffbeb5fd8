from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.api.routes.params import ClaimListParams
from app.queries.claims import ClaimFilters, claim_detail, list_claims
from app.schemas.claim import ClaimPage, ClaimRead
from app.schemas.types import IdPath

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get("", response_model=ClaimPage, responses=error_responses(400))
def get_claims(session: SessionDep, _: ReaderDep, params: Annotated[ClaimListParams, Query()]) -> dict[str, Any]:
    """Claims, most-reported first, with their speakers and first report."""
    f = ClaimFilters.model_validate(params.model_dump(include=set(ClaimFilters.model_fields)))
    items, nxt = list_claims(session, f, params.limit, params.cursor)
    return {"items": items, "next": nxt}


@router.get("/{claim_id}", response_model=ClaimRead, responses=error_responses(404))
def get_claim(session: SessionDep, _: ReaderDep, claim_id: IdPath) -> dict[str, Any]:
    """One claim and its attributions across articles, first report first."""
    return claim_detail(session, claim_id)
