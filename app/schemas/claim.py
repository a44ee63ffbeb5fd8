from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.models import ClusterLabel, Stance
from app.schemas.attribution import ArticleRef, AttributionRead, SpeakerRef
from app.schemas.types import MAX_REPEAT, BodyId, UtcDatetime


class FirstReport(BaseModel):
    article: ArticleRef
    attribution_id: int


class ClaimSummary(BaseModel):
    id: int
    text: str
    report_count: int
    speakers: list[SpeakerRef]
    first_report: FirstReport | None
    created_at: UtcDatetime
    cluster_id: int | None
    cluster_label: ClusterLabel | None = Field(description="This wording against its cluster's first report.")


class Segment(BaseModel):
    text: str
    changed: bool = Field(description="These words differ from the other report's.")


class Differences(BaseModel):
    """Both wordings side by side, cut into runs; `changed` runs are the words that differ."""

    first: list[Segment]
    report: list[Segment]


class RelayNode(BaseModel):
    name: str
    kind: str = Field(description="outlet, via (a relaying outlet or report) or speaker.")
    speaker_id: int | None


class ContentRef(BaseModel):
    text: str
    start: int
    end: int


class ClusterReport(BaseModel):
    """One report of the cluster's proposition: an attribution, or a sentence the article states itself."""

    kind: str = Field(description="attribution, or statement (stated by the article without attribution).")
    id: int
    claim_id: int
    label: ClusterLabel
    first: bool = Field(description="The first report, by publication date.")
    article: ArticleRef
    speaker: SpeakerRef | None
    content: ContentRef
    stance: Stance
    relay_chain: list[RelayNode]
    differences: Differences | None = Field(description="Against the first report; null for the first itself.")


class ClusterClaim(BaseModel):
    id: int
    text: str
    label: ClusterLabel | None = Field(description="This wording against the cluster's first report.")


class ClusterRead(BaseModel):
    id: int
    has_variants: bool
    contradicted: bool
    claim_count: int
    claims: list[ClusterClaim] = Field(description="The cluster's wordings that have a report.")
    reports: list[ClusterReport] = Field(description="In publication order: the cluster's timeline.")


class ClaimRead(ClaimSummary):
    attributions: list[AttributionRead]
    cluster: ClusterRead | None


class ClaimPage(BaseModel):
    items: list[ClaimSummary]
    next: str | None


class ClusterSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[BodyId] = Field(min_length=1, max_length=MAX_REPEAT, description="The claims that move out.")


class ClusterSplitResult(BaseModel):
    cluster: ClusterRead = Field(description="The cluster, without the claims that moved.")
    new: ClusterRead = Field(description="The new cluster of the claims that moved.")


class ClusterMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: BodyId = Field(description="The cluster that remains.")
