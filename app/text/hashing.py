"""Content hash of an article text, used to recognise the same article ingested twice."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8.

    The hash is taken over the text exactly as it is stored, with no whitespace or line-ending
    normalisation: every stored span is an index into that exact string, so two texts that differ
    by a single character are two different stored documents.
    """
    if not isinstance(text, str):
        raise TypeError(f"content_hash expects str, got {type(text).__name__}")
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
