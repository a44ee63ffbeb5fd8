"""CLAIMBASE_MAX_ARTICLE_BYTES: texts and request bodies over the limit get 413 saying the limit."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Article
from tests.api.conftest import make_client

LIMIT = 1000
TEXT = 'Ferry Notice\n\n"The route reopens," said Rina Osei.\n'


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Article)) or 0


def _error(r) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == 413, r.text
    return r.json()["error"]


def test_a_json_text_over_the_limit_is_refused_naming_the_limit(session: Session) -> None:
    with make_client(session, max_article_bytes=LIMIT) as client:
        at_limit = TEXT + "x" * (LIMIT - len(TEXT))
        assert client.post("/api/articles", json={"text": at_limit, "extract": False}).status_code == 201
        # Bytes of UTF-8, not characters: 400 two-byte letters are 800 bytes plus the rest.
        over = TEXT + "é" * ((LIMIT - len(TEXT)) // 2 + 1)
        error = _error(client.post("/api/articles", json={"text": over, "extract": False}))
        assert error["field"] == "text"
        assert "1,000 bytes" in error["message"] and "CLAIMBASE_MAX_ARTICLE_BYTES" in error["message"]
        assert _count(session) == 1


def test_a_body_declared_too_large_is_refused_before_it_is_read(session: Session) -> None:
    with make_client(session, max_article_bytes=LIMIT) as client:
        body = b'{"text": "' + b"x" * (8 * LIMIT) + b'"}'
        error = _error(client.post("/api/articles", content=body, headers={"content-type": "application/json"}))
        assert error["field"] == "body" and "8,000 bytes" in error["message"]
        assert "CLAIMBASE_MAX_ARTICLE_BYTES" in error["message"]  # how to configure it
        # Any route: the limit is the server's, not the article route's.
        json = {"content-type": "application/json"}
        assert _error(client.patch("/api/attributions/1", content=body, headers=json)).get("field") == "body"


def test_a_streamed_body_without_length_is_cut_at_the_limit(session: Session) -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            sent.append(1)
            yield b"x" * 1000
        yield b'"}'

    with make_client(session, max_article_bytes=LIMIT) as client:
        r = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
        assert _error(r)["field"] == "body"
    assert _count(session) == 0


def test_uploads_over_the_limit_are_refused(session: Session) -> None:
    with make_client(session, max_article_bytes=LIMIT) as client:
        big = (TEXT + "y" * LIMIT).encode()
        r = client.post("/api/articles", files={"file": ("notice.txt", big, "text/plain")}, data={"extract": "false"})
        assert _error(r)["field"] == "text"
        page = f"<html><body><article><p>{'Harbour news. ' * 200}</p></article></body></html>".encode()
        r = client.post("/api/articles", files={"file": ("page.html", page, "text/html")}, data={"extract": "false"})
        assert _error(r)["field"] == "text"
        small = client.post("/api/articles", files={"file": ("n.txt", TEXT.encode(), "text/plain")})
        assert small.status_code == 201, small.text
