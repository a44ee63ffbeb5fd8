"""Request dependencies: the database session, paging limits, and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import session_scope
from app.hosts import is_loopback
from app.models import ApiToken, TokenRole
from app.store.tokens import record_use, verify_token


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


# scope="function": the transaction commits before the response is sent, so a client never hears 200 for a
# write whose commit then fails, and a read right after a write sees it. (Streams open their own session.)
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_limit(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(description="Items per page (default 50, at most 500).")] = None,
) -> int:
    if limit is None:
        return settings.page_limit_default
    if limit < 1 or limit > settings.page_limit_max:
        from app.store.errors import InputError

        raise InputError("limit", f"must be between 1 and {settings.page_limit_max}", status=400)
    return limit


LimitDep = Annotated[int, Depends(get_limit)]
CursorQuery = Annotated[str | None, Query(description="The `next` cursor of the previous page.", max_length=2000)]


@dataclass
class Actor:
    name: str
    role: TokenRole | None


def _token_from(authorization: str | None, x_api_token: str | None) -> str | None:
    if x_api_token:
        return x_api_token.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def token_in_use(request: Request, session: Session, secret: str) -> ApiToken | None:
    """The active token with this secret (None if unknown or revoked), its use noted apart from the request."""
    token = verify_token(session, secret)
    if token is not None:
        record_use(request.app.state.sessionmaker, token)
    return token


def _resolve_actor(
    request: Request, session: Session, authorization: str | None, x_api_token: str | None
) -> Actor | None:
    secret = _token_from(authorization, x_api_token)
    if secret is None:
        return None
    token = token_in_use(request, session, secret)
    if token is None:
        raise HTTPException(401, "the API token is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
    return Actor(name=f"token:{token.name}", role=token.role)


def reader(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor | None:
    actor = _resolve_actor(request, session, authorization, x_api_token)
    if settings.private and actor is None:
        raise HTTPException(401, "this instance is private: send an API token", headers={"WWW-Authenticate": "Bearer"})
    return actor


def writer(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor:
    """Writes need a token, unless the instance was opened (`serve --open`) and the request comes from this machine."""
    actor = _resolve_actor(request, session, authorization, x_api_token)
    if actor is not None:
        return actor
    if settings.open_writes and is_loopback(request.client.host if request.client else None):
        return Actor(name="local", role=None)
    hint = (
        "writes without a token are open only to this machine"
        if settings.open_writes
        else "on your own machine `claimbase serve --open` lets you write without one"
    )
    raise HTTPException(
        401,
        f"writing needs an API token (Authorization: Bearer ...); {hint}",
        headers={"WWW-Authenticate": "Bearer"},
    )


# What each role may do, lowest first; a request written from an opened instance's own machine has no role
# and may do everything (it is the owner's).
ROLE_RANK = {TokenRole.reader: 0, TokenRole.editor: 1, TokenRole.admin: 2}


def _at_least(actor: Actor, role: TokenRole) -> Actor:
    if actor.role is not None and ROLE_RANK[actor.role] < ROLE_RANK[role]:
        raise HTTPException(403, f"this needs the {role.value} role; the token sent has the {actor.role.value} role")
    return actor


def editor(actor: Annotated[Actor, Depends(writer)]) -> Actor:
    """Adding articles, reviewing, correcting and coding attributions, editing speakers."""
    return _at_least(actor, TokenRole.editor)


def admin(actor: Annotated[Actor, Depends(writer)]) -> Actor:
    """Deleting articles and attributions, merging and unmerging speakers."""
    return _at_least(actor, TokenRole.admin)


IfMatch = Annotated[
    str | None,
    Header(
        description="The record's ETag as you last read it: the edit is refused (412, with the record as stored "
        "now) if someone changed it since. Without it the edit applies to what is stored."
    ),
]

ReaderDep = Annotated[Actor | None, Depends(reader)]
EditorDep = Annotated[Actor, Depends(editor)]
AdminDep = Annotated[Actor, Depends(admin)]
