"""All tables; importing this package registers every model on Base.metadata."""

from app.models.article import Article, ArticleRegion
from app.models.attribution import Attribution
from app.models.base import Base
from app.models.claim import Claim
from app.models.enums import (
    AnonymityReason,
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
from app.models.outlet import Outlet
from app.models.speaker import RoleEvidence, Speaker, SpeakerAlias, SpeakerRole
from app.models.token import ApiToken

__all__ = [
    "AnonymityReason",
    "ApiToken",
    "Article",
    "ArticleRegion",
    "Attribution",
    "Base",
    "Change",
    "Claim",
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
    "Stance",
    "Status",
    "TokenRole",
]
