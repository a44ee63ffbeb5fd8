"""Claims: one row per proposition, shared by every article that reports the same words."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Claim

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
# Fingerprints looked up per query (well under SQLite's and PostgreSQL's limits on bound parameters).
LOOKUP_CHUNK = 500


def normalize_claim(text: str) -> str:
    """Fold what varies between outlets reprinting one quote: case, quote marks, punctuation, spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_claim(text).encode("utf-8")).hexdigest()


def claims_for(session: Session, texts: Iterable[str]) -> dict[str, Claim]:
    """The claim of each text, by fingerprint; missing ones are written: the bulk writer's `ClaimIndex` (a
    query and an insert per few hundred texts), its rows read back as the session's objects."""
    from app.store.bulk_clusters import ClaimIndex

    texts = list(texts)
    session.flush()  # what the session holds is what the index reads
    rows = ClaimIndex(session.connection()).get_or_create(texts)
    ids = sorted({r.id for r in rows})
    held: dict[int, Claim] = {}
    for i in range(0, len(ids), LOOKUP_CHUNK):
        held.update((c.id, c) for c in session.scalars(select(Claim).where(Claim.id.in_(ids[i : i + LOOKUP_CHUNK]))))
    return {fingerprint(t): held[r.id] for t, r in zip(texts, rows, strict=True)}


def get_or_create_claim(session: Session, text: str) -> Claim:
    return claims_for(session, [text])[fingerprint(text)]


def get_or_create_claims(session: Session, texts: list[str]) -> list[Claim]:
    """The claim of each text, in order."""
    found = claims_for(session, texts)
    return [found[fingerprint(t)] for t in texts]
