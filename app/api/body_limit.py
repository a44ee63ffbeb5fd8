"""Refusing request bodies over a size, by their Content-Length and while they stream in (413)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import error_response
from app.config import BODY_PER_ARTICLE_BYTE
from app.store.errors import InputError


def _too_large(limit: int) -> InputError:
    return InputError(
        "body",
        f"the request body is over {limit:,} bytes, the most this server reads "
        f"({BODY_PER_ARTICLE_BYTE} times its CLAIMBASE_MAX_ARTICLE_BYTES)",
        status=413,
    )


class BodySizeLimit:
    """ASGI middleware: a declared or streamed body over `limit` bytes ends the request with 413.

    A too-large stream raises `InputError` inside the route's read of the body, so the app's own
    error handler answers; should the body be read outside a route, this middleware answers instead.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _answer(_too_large(self.limit), scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _too_large(self.limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except InputError as exc:
            if started or exc.status != 413:
                raise
            await _answer(exc, scope, receive, send)


async def _answer(exc: InputError, scope: Scope, receive: Receive, send: Send) -> None:
    response = error_response(exc.status, str(exc), exc.field, [{"field": exc.field, "message": exc.message}])
    # Connection: close, so the client is not expected to send the rest of a body nobody will read.
    response.headers["connection"] = "close"
    await response(scope, receive, send)
