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
    """The claim of each text, by fingerprint; missing ones are added (a query per few hundred texts, no flush)."""
    wanted: dict[str, str] = {}
    for text in texts:
        wanted.setdefault(fingerprint(text), text)
    keys = list(wanted)
    found: dict[str, Claim] = {}
    for i in range(0, len(keys), LOOKUP_CHUNK):
        found.update(
            (c.fingerprint, c)
            for c in session.scalars(select(Claim).where(Claim.fingerprint.in_(keys[i : i + LOOKUP_CHUNK])))
        )
    for fp, text in wanted.items():
        if fp not in found:
            found[fp] = Claim(text=text, fingerprint=fp)
            session.add(found[fp])
    return found


def get_or_create_claim(session: Session, text: str) -> Claim:
    claim = claims_for(session, [text])[fingerprint(text)]
    if claim.id is None:
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
