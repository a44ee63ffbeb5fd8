"""Rendering pages: one autoescaping Jinja2 environment, security headers, and who may read."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from app.api.deps import SessionDep, SettingsDep, token_in_use
from app.hosts import is_loopback
from app.text.urls import is_web_url

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
TOKEN_COOKIE = "claimbase_token"

# No inline scripts or styles anywhere: page data travels in <script type="application/json"> blocks.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "undated"
    return value.strftime("%Y-%m-%d")


def _label(value: Any) -> str:
    """Vocabulary values for people: `speaker_kind` → `speaker kind`."""
    if value is None:
        return ""
    raw = value.value if hasattr(value, "value") else str(value)
    return str(raw).replace("_", " ")


def _keep_cr(value: str) -> Markup:
    """Escape text; carriage returns become character references so the DOM keeps every character.

    The HTML parser folds a literal CR LF into LF, which would shift every offset after it.
    """
    return Markup(str(escape(value)).replace("\r", "&#13;"))


env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.filters["day"] = _day
env.filters["label"] = _label
env.filters["keepcr"] = _keep_cr
# Only http(s) addresses become links; anything else stored before the check is shown as text.
env.tests["web_url"] = is_web_url


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("private", request.app.state.settings.private)
    context.setdefault("demo", request.app.state.settings.demo)
    html = env.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


class LoginRequired(Exception):
    """A private instance was asked for a page without a valid token cookie."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def login_url(next_url: str) -> str:
    return "/login?next=" + quote(next_url, safe="")


def page_session(request: Request, session: SessionDep, settings: SettingsDep) -> Session:
    """The session for a page; on a private instance the page also needs the token cookie."""
    if settings.private:
        secret = request.cookies.get(TOKEN_COOKIE)
        if not secret or token_in_use(request, session, secret) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(target)
    return session


PageSession = Annotated[Session, Depends(page_session)]


def writes_need_token(request: Request) -> bool:
    """Whether this browser must send a token to write (always, unless the instance was opened locally)."""
    settings = request.app.state.settings
    return not (settings.open_writes and is_loopback(request.client.host if request.client else None))
