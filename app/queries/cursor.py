"""Opaque keyset cursors: the last row's sort key, signed so a tampered cursor is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from app.config import get_settings
from app.store.errors import InputError


def _sign(payload: bytes) -> bytes:
    return hmac.new(get_settings().cursor_secret.encode(), payload, hashlib.sha256).digest()[:12]


def encode_cursor(data: dict[str, Any]) -> str:
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True, default=str).encode()
    return base64.urlsafe_b64encode(_sign(payload) + payload).decode().rstrip("=")


def decode_cursor(token: str, kind: str) -> dict[str, Any]:
    """Read a cursor made by encode_cursor for the same list and sort, or raise InputError."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        signature, payload = raw[:12], raw[12:]
        valid = hmac.compare_digest(signature, _sign(payload))
        data = json.loads(payload) if valid else None
    except (ValueError, TypeError):
        data = None
    if not isinstance(data, dict) or data.get("k") != kind:
        raise InputError("cursor", "is not a cursor this list gave out (it may have been altered)", status=400)
    return data
