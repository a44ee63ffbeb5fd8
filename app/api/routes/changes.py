from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from app.api.deps import ReaderDep, SessionDep
from app.api.openapi import error_responses
from app.models import Change
from app.queries.cursor import decode_cursor, encode_cursor
from app.schemas.change import ChangePage
from app.schemas.types import Id, Text

router = APIRouter(prefix="/changes", tags=["history"])


class ChangeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entity_type: Text | None = Field(None, max_length=32, description="attribution, speaker, article or cluster.")
    entity_id: Id | None = Field(None, description="The id of the changed record.")
    actor: Text | None = Field(None, max_length=200, description="Who made the change.")
    limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")
    cursor: Text | None = Field(None, max_length=2000, description="The `next` cursor of the previous page.")


@router.get("", response_model=ChangePage, responses=error_responses(400))
def get_changes(session: SessionDep, _: ReaderDep, params: Annotated[ChangeParams, Query()]) -> dict[str, Any]:
    """The change history, newest first: who changed what, when, before and after."""
    stmt = select(Change)
    if params.entity_type:
        stmt = stmt.where(Change.entity_type == params.entity_type)
    if params.entity_id is not None:
        stmt = stmt.where(Change.entity_id == params.entity_id)
    if params.actor:
        stmt = stmt.where(Change.actor == params.actor)
    if params.cursor:
        stmt = stmt.where(Change.id < int(decode_cursor(params.cursor, "changes")["id"]))
    rows = list(session.scalars(stmt.order_by(Change.id.desc()).limit(params.limit + 1)))
    nxt = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        nxt = encode_cursor({"k": "changes", "id": rows[-1].id})
    return {"items": rows, "next": nxt}
