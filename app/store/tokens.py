"""API tokens: random secrets shown once, stored as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.db import is_busy, session_scope
from app.models import ApiToken, TokenRole
from app.models.base import utcnow

PREFIX = "cb_"
# A token's last use is written at most this often: a read must not become a write.
USE_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass
class NewToken:
    token: ApiToken
    secret: str


def create_token(session: Session, name: str, role: TokenRole) -> NewToken:
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, token_hash=_digest(secret), prefix=secret[:10])
    session.add(token)
    session.flush()
    return NewToken(token=token, secret=secret)


def any_active_token(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(ApiToken.revoked_at.is_(None)))))


def verify_token(session: Session, secret: str) -> ApiToken | None:
    """The active token with this secret, or None; only reads (see `record_use`)."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    return token


def record_use(factory: sessionmaker[Session], token: ApiToken) -> None:
    """Note the token's use, at most once a minute, in a short transaction of its own.

    Never in the request's transaction: there the row would stay locked (PostgreSQL) or the database
    write-locked (SQLite) for the whole request, and `claimbase token revoke` would wait on it.
    """
    now = utcnow()
    stale = now - USE_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    try:
        with session_scope(factory) as session:
            session.execute(
                update(ApiToken)
                .where(ApiToken.id == token.id, or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= stale))
                .values(last_used_at=now)
                .execution_options(synchronize_session=False)
            )
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        # Bookkeeping only: when other writes hold the database too long, a later request notes the use.


def revoke_token(session: Session, token_id: int) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    if token is not None and token.revoked_at is None:
        token.revoked_at = utcnow()
    return token
