"""Pages where researchers change things: the review queue, adding articles, and signing in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api.deps import SessionDep, SettingsDep, token_in_use
from app.models import Status
from app.queries import attributions as q
from app.queries.review import REVIEW_SORT, queue_page, waiting
from app.store.errors import InputError
from app.web.context import TOKEN_COOKIE, PageSession, render, writes_need_token
from app.web.params import parse_search

router = APIRouter()

QUEUE_SIZE = 50


@router.get("/review", response_class=HTMLResponse, name="review")
def review_page(request: Request, session: PageSession) -> HTMLResponse:
    """Suggestions awaiting a decision, least certain first by default; filters as in search narrow the queue."""
    fixed = [("status", Status.suggested.value)]
    state, cursor = parse_search(request.query_params, fixed=fixed, default_sort=REVIEW_SORT)
    f = state.filters()
    errors = list(state.errors)
    try:
        page = queue_page(session, f, state.sort, QUEUE_SIZE, cursor)
    except InputError as exc:
        errors.append(f"{exc} — showing the first page")
        page = queue_page(session, f, state.sort, QUEUE_SIZE, None)
    return render(
        request,
        "review.html",
        state=state,
        items=q.item_rows(session, page.ids),
        next=page.next,
        waiting=waiting(session, f),
        errors=errors,
        needs_token=writes_need_token(request),
    )


@router.get("/add", response_class=HTMLResponse, name="add")
def add_page(request: Request, session: PageSession) -> HTMLResponse:
    return render(request, "add.html", needs_token=writes_need_token(request))


@router.get("/token", response_class=HTMLResponse, name="token")
def token_page(request: Request, session: PageSession) -> HTMLResponse:
    return render(request, "token.html", needs_token=writes_need_token(request))


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an absolute or protocol-relative URL would make the form an open redirect.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse, name="login")
def login_page(request: Request, settings: SettingsDep, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), private=settings.private, error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    secret = token.strip()
    if not secret or token_in_use(request, session, secret) is None:
        return render(
            request,
            "login.html",
            status=401,
            next=_safe_next(next),
            private=settings.private,
            error="That token is unknown or revoked.",
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        secret,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=60 * 60 * 24 * 30,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response
