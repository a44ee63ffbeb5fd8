"""All tables; importing this package registers every model on Base.metadata."""

from app.models.article import Article, ArticleRegion
from app.models.attribution import Attribution
from app.models.base import Base
from app.models.claim import Claim, ClaimCluster, ClaimKey, Statement
from app.models.enums import (
    COUNTED_KINDS,
    AnonymityReason,
    AttributionKind,
    ClusterLabel,
    Origin,
    OutletKind,
    QuoteType,
    RegionKind,
    SpeakerKind,
    Stance,
    Status,
    TokenRole,
)
from app.models.history import Change
from app.models.ingest_shard import IngestShard
from app.models.outlet import Outlet
from app.models.speaker import RoleEvidence, Speaker, SpeakerAlias, SpeakerRole
from app.models.tally import AttributionTally, SpeakerTally, SpeakerTotal
from app.models.token import ApiToken

__all__ = [
    "COUNTED_KINDS",
    "AnonymityReason",
    "ApiToken",
    "Article",
    "ArticleRegion",
    "Attribution",
    "AttributionKind",
    "AttributionTally",
    "Base",
    "Change",
    "Claim",
    "ClaimCluster",
    "ClaimKey",
    "ClusterLabel",
    "IngestShard",
    "Origin",
    "Outlet",
    "OutletKind",
    "QuoteType",
    "RegionKind",
    "RoleEvidence",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "SpeakerRole",
    "SpeakerTally",
    "SpeakerTotal",
    "Stance",
    "Statement",
    "Status",
    "TokenRole",
]
