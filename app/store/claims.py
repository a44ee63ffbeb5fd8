"""Claims: one row per proposition, shared by every article that reports the same words."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Claim

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def normalize_claim(text: str) -> str:
    """Fold what varies between outlets reprinting one quote: case, quote marks, punctuation, spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_claim(text).encode("utf-8")).hexdigest()


def get_or_create_claim(session: Session, text: str) -> Claim:
    fp = fingerprint(text)
    claim = session.scalar(select(Claim).where(Claim.fingerprint == fp))
    if claim is None:
        claim = Claim(text=text, fingerprint=fp)
        session.add(claim)
        session.flush()
    return claim


def get_or_create_claims(session: Session, texts: list[str]) -> list[Claim]:
    """The claim of each text (one query for those that exist, one flush for the new ones)."""
    prints = [fingerprint(t) for t in texts]
    known = {c.fingerprint: c for c in session.scalars(select(Claim).where(Claim.fingerprint.in_(set(prints))))}
    for text, fp in zip(texts, prints, strict=True):
        if fp not in known:
            known[fp] = Claim(text=text, fingerprint=fp)
            session.add(known[fp])
    session.flush()
    return [known[fp] for fp in prints]
