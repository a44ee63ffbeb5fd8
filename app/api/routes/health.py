from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from app import __version__
from app.api.deps import SessionDep
from app.db import dialect_name
from app.migrations_support import current_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["sqlite", "postgresql"]
    version: str
    schema_revision: str | None


@router.get("/health", response_model=Health)
def health(session: SessionDep) -> Health:
    """Whether the service and its database answer, and at which schema revision."""
    return Health(
        status="ok",
        database=dialect_name(session),  # type: ignore[arg-type]
        version=__version__,
        schema_revision=current_revision(session.connection()),
    )
