"""The controlled vocabularies of the model; their values are the API's vocabulary too."""

from __future__ import annotations

from enum import StrEnum


class OutletKind(StrEnum):
    newspaper = "newspaper"
    wire = "wire"
    broadcaster = "broadcaster"
    blog = "blog"
    government = "government"
    other = "other"


class SpeakerKind(StrEnum):
    person = "person"
    # People speaking together ("Ms. Roe and other officials"): none of them alone, so a kind of its own.
    group = "group"
    organization = "organization"
    outlet = "outlet"
    document = "document"
    anonymous = "anonymous"


class QuoteType(StrEnum):
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


class Stance(StrEnum):
    asserts = "asserts"
    denies = "denies"
    hedged = "hedged"


class AttributionKind(StrEnum):
    """What a source is reported as doing: the kinds PolNeAR annotates."""

    speech = "speech"
    belief = "belief"
    intention = "intention"
    evidence = "evidence"
    action = "action"


# The kinds the product counts as attributions by default (../shared/gold/GUIDELINES.md: speech and a
# source's stated beliefs or positions); lists, statistics, exports and the review queue use these
# unless asked for other kinds.
COUNTED_KINDS = (AttributionKind.speech, AttributionKind.belief)


class Origin(StrEnum):
    extracted = "extracted"
    manual = "manual"


class Status(StrEnum):
    suggested = "suggested"
    confirmed = "confirmed"
    rejected = "rejected"


class AnonymityReason(StrEnum):
    classified_or_sensitive = "classified_or_sensitive"
    not_authorized = "not_authorized"
    safety = "safety"
    private_deliberations = "private_deliberations"
    other = "other"


class RegionKind(StrEnum):
    repeat = "repeat"
    furniture = "furniture"
    headline = "headline"
    byline = "byline"
    dateline = "dateline"


class TokenRole(StrEnum):
    reader = "reader"  # reads a private instance (CLAIMBASE_PRIVATE=1)
    editor = "editor"
    admin = "admin"


class ClusterLabel(StrEnum):
    """How a report of a claim cluster relates to the cluster's first report."""

    first = "first"
    same = "same"
    paraphrase = "paraphrase"
    variant = "variant"
    contradiction = "contradiction"
