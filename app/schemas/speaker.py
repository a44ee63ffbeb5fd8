from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.models import SpeakerKind
from app.schemas.types import MAX_REPEAT, BodyId, PatchBody, StrictBool, Text, left_out


class RoleEvidenceRead(BaseModel):
    article_id: int
    article_title: str | None
    observed_on: date | None


class RoleRead(BaseModel):
    id: int
    title: str
    organization: str
    first_seen: date | None
    last_seen: date | None
    evidence: list[RoleEvidenceRead]


class SpeakerSummary(BaseModel):
    id: int
    name: str
    kind: SpeakerKind
    article_id: int | None = Field(description="For anonymous sources and documents: the article they belong to.")
    descriptor: str | None
    plural: bool | None
    affiliation: str | None
    descriptor_class: str | None
    merged_into_id: int | None
    attribution_count: int
    article_count: int


class CountRead(BaseModel):
    value: str | None
    count: int


class SpeakerRead(SpeakerSummary):
    aliases: list[str]
    roles: list[RoleRead]
    by_outlet: list[CountRead]
    by_quote_type: list[CountRead]
    anonymity_reasons: list[str]


class SpeakerPage(BaseModel):
    items: list[SpeakerSummary]
    next: str | None
    total: int | None = None


class SpeakerUpdate(PatchBody):
    """Fields to change; those left out stay as they are."""

    name: Annotated[Text, Field(min_length=1, max_length=300)] = left_out()
    kind: SpeakerKind = left_out()
    descriptor: Text | None = Field(None, max_length=300)
    plural: StrictBool | None = None
    affiliation: Text | None = Field(None, max_length=300)
    descriptor_class: Text | None = Field(None, max_length=100)
    aliases: list[Annotated[Text, Field(min_length=1, max_length=300)]] | None = Field(
        None, max_length=MAX_REPEAT, description="Replaces the alias list when given."
    )


class SpeakerMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: BodyId = Field(description="The speaker that remains.")
