"""Answers to repeated reads, kept until the stored data changes.

The dashboard, the home page and a team's scripts ask the same questions again and again; between two
writes the answer cannot differ. A GET (an API call or a page) from a client that sends no token and no
cookie is answered from memory when the same URL (scheme, Host, path, query string) was answered 200,
to a client on this machine or not as this one is (pages offer local writes to the first), since the
database last changed (see `app.data_version`): a commit by anyone — this server, another server
process, an ingest — makes every kept answer stale at once. What is never kept: requests with a token
or a cookie (their answers may depend on who asks), /api/health (it looks at the database each time),
static files, streamed bodies (exports), answers that set a cookie or are not 200, and any answer bigger
than a tenth of the budget. A write through this server clears the memory as well, the moment its
response has gone.

Pure ASGI middleware; the budget is CLAIMBASE_RESPONSE_CACHE_MB per server process (0 turns it off).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.guard import WRITE_METHODS
from app.data_version import DataVersion
from app.hosts import is_loopback

PRIVATE_HEADERS = frozenset({b"authorization", b"x-api-token", b"cookie"})
UNCACHED_PATHS = frozenset({"/api/health"})
UNCACHED_PREFIXES = ("/static/",)

Key = tuple[str, bytes, bool, str, bytes]
ENTRY_OVERHEAD = 512  # bytes of Python objects around each kept answer, beside its key, headers and body


@dataclass(frozen=True)
class Answer:
    start: Message
    body: bytes


def _size(key: Key, answer: Answer) -> int:
    """What keeping this answer costs: a long query string with a short answer counts by its length."""
    headers = sum(len(k) + len(v) for k, v in answer.start["headers"])
    return ENTRY_OVERHEAD + len(key[1]) + len(key[3]) + len(key[4]) + headers + len(answer.body)


class Answers:
    """Kept answers of one data version, least recently used dropped first past `budget` bytes (keys,
    headers and bodies)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.version: object | None = None
        self._kept: OrderedDict[Key, tuple[Answer, int]] = OrderedDict()
        self._size = 0

    def get(self, version: object, key: Key) -> Answer | None:
        if version != self.version:
            self.clear(version)
            return None
        kept = self._kept.get(key)
        if kept is None:
            return None
        self._kept.move_to_end(key)
        return kept[0]

    def put(self, version: object, key: Key, answer: Answer) -> None:
        size = _size(key, answer)
        if version != self.version or size > self.budget // 10:
            return
        old = self._kept.pop(key, None)
        self._size -= old[1] if old else 0
        self._kept[key] = (answer, size)
        self._size += size
        while self._size > self.budget:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._size -= dropped

    def clear(self, version: object | None = None) -> None:
        self.version = version
        self._kept.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._kept)


def _key(scope: Scope) -> Key | None:
    """The request's key when its answer may be kept, else None."""
    path = scope["path"]
    if scope["method"] != "GET" or path in UNCACHED_PATHS or path.startswith(UNCACHED_PREFIXES):
        return None
    host = b""
    for name, value in scope["headers"]:
        if name in PRIVATE_HEADERS:
            return None
        if name == b"host":
            host = value
    client = scope.get("client")
    local = is_loopback(client[0] if client else None)
    return (scope.get("scheme", "http"), host, local, path, scope["query_string"])


class ResponseCache:
    def __init__(self, app: ASGIApp, version: DataVersion, budget_bytes: int) -> None:
        self.app = app
        self.version = version
        self.answers = Answers(budget_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        if key is None:
            await self.app(scope, receive, send)
            if scope["method"] in WRITE_METHODS:
                self.answers.clear()
            return
        version = self.version.current()
        if version is None:
            await self.app(scope, receive, send)
            return
        answer = self.answers.get(version, key)
        if answer is not None:
            await send(answer.start)
            await send({"type": "http.response.body", "body": answer.body})
            return
        await self._answer_and_keep(scope, receive, send, version, key)

    async def _answer_and_keep(self, scope: Scope, receive: Receive, send: Send, version: object, key: Key) -> None:
        start: Message | None = None
        body: bytes | None = b""

        async def keeping_send(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message["headers"])}
                kept = message["status"] == 200 and not any(k == b"set-cookie" for k, _ in message["headers"])
                body = b"" if kept else None
            elif message["type"] == "http.response.body" and body is not None:
                if message.get("more_body", False):
                    body = None  # a stream: passed on, never kept
                else:
                    body += message.get("body", b"")
            await send(message)

        await self.app(scope, receive, keeping_send)
        if start is not None and body is not None:
            self.answers.put(version, key, Answer(start=start, body=body))
