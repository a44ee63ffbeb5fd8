from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.models import AnonymityReason, AttributionKind, Origin, QuoteType, SpeakerKind, Stance, Status
from app.schemas.common import FacetValue, SpanIn, SpanRead
from app.schemas.types import BodyId, PatchBody, StrictBool, Text, UtcDatetime, left_out


class ArticleRef(BaseModel):
    id: int
    title: str | None
    outlet: str | None
    published_at: UtcDatetime | None
    url: str | None


class SpeakerRef(BaseModel):
    id: int
    name: str
    kind: SpeakerKind


class ViaRead(BaseModel):
    speaker_id: int | None
    name: str | None
    kind: SpeakerKind | None = Field(description="outlet (a named publication) or document (an unnamed report).")
    mention: SpanRead | None


class AttributionRead(BaseModel):
    id: int
    article: ArticleRef
    speaker: SpeakerRef | None
    claim_id: int
    content: SpanRead
    cue: SpanRead | None
    speaker_mention: SpanRead | None
    kind: AttributionKind
    quote_type: QuoteType
    stance: Stance
    anonymous: bool
    anonymity_reason: SpanRead | None
    anonymity_reason_category: AnonymityReason | None
    via: ViaRead | None
    parent_id: int | None
    origin: Origin
    status: Status
    confidence: float | None
    extractor_version: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class AttributionPage(BaseModel):
    items: list[AttributionRead]
    next: str | None = Field(description="Cursor for the next page, or null on the last page.")
    total: int | None = Field(
        None,
        description="With `total=true`: every matching attribution, exactly (with `q`, counted among its matches"
        " when they were all read — up to 2,000, or up to 20,000 sparse ones — else a full count).",
    )
    facets: dict[str, list[FacetValue]] | None = Field(
        None,
        description="With `facet=`: matching attributions per value. Without `q` every count is exact, over every"
        " match. With `q` the facets count those of the search's 2,000 newest matches (highest ids) that pass the"
        " other filters: see `facets_counted` and `facets_partial`.",
    )
    facets_truncated: list[str] | None = Field(
        None,
        description="With `facet=`: the facets (speaker, outlet, via) that list only their 30 largest values of more.",
    )
    facets_counted: int | None = Field(
        None,
        description="With `q` and `facet=`: how many attributions the facets counted (those of the search's 2,000"
        " newest matches that pass the other filters). When `facets_partial` is false they are every match, so"
        " this number and the facets are exact.",
    )
    facets_partial: bool | None = Field(
        None,
        description="With `q` and `facet=`: true when more attributions have the search's words than the 2,000"
        " newest the facets counted, so the facet counts and `facets_counted` describe those only, not every match"
        " (`total=true` gives the exact number of matches; it costs a full count).",
    )


class AttributionCreate(BaseModel):
    """A researcher codes an attribution by hand; spans are checked against the article text."""

    model_config = ConfigDict(extra="forbid")

    article_id: BodyId
    content: SpanIn
    cue: SpanIn | None = None
    speaker_mention: SpanIn | None = None
    speaker_id: BodyId | None = Field(None, description="An existing speaker; or give speaker_name and speaker_kind.")
    speaker_name: Text | None = Field(None, max_length=300)
    speaker_kind: SpeakerKind | None = None
    kind: AttributionKind = Field(AttributionKind.speech, description="What the source is reported as doing.")
    quote_type: QuoteType = QuoteType.indirect
    stance: Stance = Stance.asserts
    anonymous: StrictBool | None = Field(None, description="Defaults to whether the speaker is anonymous.")
    anonymity_reason: SpanIn | None = None
    anonymity_reason_category: AnonymityReason | None = None
    via: SpanIn | None = None
    via_speaker_id: BodyId | None = None
    parent_id: BodyId | None = None
    status: Status = Status.confirmed


class AttributionUpdate(PatchBody):
    """Fields to change; those left out stay as they are, null clears an optional span."""

    content: SpanIn = left_out()
    cue: SpanIn | None = None
    speaker_mention: SpanIn | None = None
    speaker_id: BodyId | None = None
    kind: AttributionKind = left_out()
    quote_type: QuoteType = left_out()
    stance: Stance = left_out()
    anonymous: StrictBool = left_out()
    anonymity_reason: SpanIn | None = None
    anonymity_reason_category: AnonymityReason | None = None
    via: SpanIn | None = None
    via_speaker_id: BodyId | None = None
    parent_id: BodyId | None = None
    status: Status = left_out()
