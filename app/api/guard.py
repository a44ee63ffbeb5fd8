"""What every request passes before any route: a served Host, and for writes a same-origin JSON request.

- `Host` must name this server (localhost, 127.0.0.1, ::1, the host `serve` is bound to, or a host in
  CLAIMBASE_ALLOWED_HOSTS), else 400: a page on another domain cannot reach it by DNS rebinding.
- A browser write from another site (`Origin` not this server, `Sec-Fetch-Site: cross-site|same-site`)
  is refused with 403, whatever the instance's tokens.
- A write to the API with a body must send it as JSON (`application/json`), else 415; the one exception
  is the article upload (`POST /api/articles` as `multipart/form-data`). HTML forms cannot send JSON, so a
  form on another site cannot post to the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from app.hosts import LOCAL_NAMES

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_ROUTES = frozenset({("POST", "/api/articles")})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_name(netloc: str) -> str:
    """`Example.org:8000` → `example.org`; `[::1]:8000` → `::1`."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")] if "]" in netloc else netloc
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _endpoint(scheme: str, netloc: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        return (parts.hostname or "", parts.port or DEFAULT_PORTS.get(scheme))
    except ValueError:
        return None


def same_origin(origin: str, host: str) -> bool:
    """Whether a browser's `Origin` names the host and port the request was sent to.

    The origin's scheme fills in default ports on both sides, so `https://h` matches `Host: h` behind a
    proxy that terminates TLS, while another port on the same machine is another origin.
    """
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False
    mine = _endpoint(parts.scheme, host)
    return mine is not None and _endpoint(parts.scheme, parts.netloc) == mine


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class RequestGuard:
    """Pure ASGI middleware (streamed responses pass through untouched)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        hosts = {h.strip().lower().strip("[]") for h in allowed_hosts if h.strip()}
        self.any_host = "*" in hosts
        self.hosts = hosts | set(LOCAL_NAMES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._problem(scope, headers)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, field, message = problem
        body = json.dumps(
            {
                "error": {
                    "status": status,
                    "message": message,
                    "field": field,
                    "errors": [{"field": field, "message": message}],
                }
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _problem(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, str] | None:
        host = headers.get("host", "")
        if not self.any_host and _host_name(host) not in self.hosts:
            return (
                400,
                "Host",
                f"this server does not answer for host {host[:100]!r}; "
                "add it to CLAIMBASE_ALLOWED_HOSTS (comma-separated) to serve it",
            )
        method = scope["method"]
        if method not in WRITE_METHODS:
            return None
        cross = self._cross_origin(headers, host)
        if cross:
            return (403, "Origin", cross)
        path = scope["path"]
        if path.startswith("/api/") or path == "/api":
            return self._media_problem(method, path, headers)
        return None

    @staticmethod
    def _cross_origin(headers: dict[str, str], host: str) -> str | None:
        site = headers.get("sec-fetch-site", "").lower()
        if site in ("cross-site", "same-site"):
            return f"writes from another site are refused (Sec-Fetch-Site: {site})"
        origin = headers.get("origin")
        if origin is not None and not same_origin(origin, host):
            return f"writes from another origin are refused (Origin: {origin[:100]})"
        return None  # no Origin: not a browser (curl, scripts), where tokens decide

    @staticmethod
    def _media_problem(method: str, path: str, headers: dict[str, str]) -> tuple[int, str, str] | None:
        has_body = headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers
        content_type = headers.get("content-type", "")
        if not has_body and not content_type:
            return None
        if _is_json(content_type):
            return None
        if (method, path.rstrip("/")) in UPLOAD_ROUTES and content_type.lower().startswith("multipart/form-data"):
            return None
        shown = content_type.split(";", 1)[0][:80] or "none"
        return (
            415,
            "Content-Type",
            f"send the request body as application/json, not {shown}"
            + (" (or upload a file as multipart/form-data)" if (method, path.rstrip("/")) in UPLOAD_ROUTES else ""),
        )
