"""A token's last use is written at most once a minute, apart from the request: reads stay reads, and
`claimbase token revoke` never waits on a long request made with that token."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import app.extraction.pipeline as extraction_pipeline
from app.api.main import create_app
from app.config import Settings
from app.db import make_engine, make_sessionmaker, session_scope
from app.models import ApiToken, TokenRole
from app.store.tokens import create_token, revoke_token
from tests.api.conftest import LOCAL, make_client
from tests.cli.quote_extractor import quotes_said


def test_last_use_is_written_at_most_once_a_minute(session: Session) -> None:
    new = create_token(session, "ana", TokenRole.editor)
    session.flush()
    auth = {"Authorization": f"Bearer {new.secret}"}
    with make_client(session) as client:
        assert client.get("/api/articles", headers=auth).status_code == 200
        session.expire_all()
        first = session.get_one(ApiToken, new.token.id).last_used_at
        assert first is not None
        assert client.get("/api/articles", headers=auth).status_code == 200
        session.expire_all()
        assert session.get_one(ApiToken, new.token.id).last_used_at == first
        # A minute later the next use is written again.
        session.get_one(ApiToken, new.token.id).last_used_at = first - timedelta(minutes=2)
        session.flush()
        assert client.get("/api/articles", headers=auth).status_code == 200
        session.expire_all()
        later = session.get_one(ApiToken, new.token.id).last_used_at
        assert later is not None and later >= first


def test_a_token_is_revoked_at_once_while_a_long_request_made_with_it_runs(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as s:
        new = create_token(s, "ana", TokenRole.editor)
        token_id = new.token.id
    extracting, finish = threading.Event(), threading.Event()

    def slow_extract(text: str, use_tagger: bool = True) -> Any:
        extracting.set()
        finish.wait(60)
        return quotes_said(text)

    monkeypatch.setattr(extraction_pipeline, "extract", slow_extract)
    client = TestClient(create_app(Settings(database_url=database_url)), **LOCAL)
    auth = {"Authorization": f"Bearer {new.secret}"}
    answers: list[int] = []
    text = '"The ferry runs again," said Rina Osei.'
    post = threading.Thread(
        target=lambda: answers.append(client.post("/api/articles", json={"text": text}, headers=auth).status_code)
    )
    post.start()
    assert extracting.wait(30), "the request never reached the extractor"

    revoked: list[float] = []

    def revoke() -> None:
        start = time.perf_counter()
        with session_scope(factory) as s:
            revoke_token(s, token_id)
        revoked.append(time.perf_counter() - start)

    revoker = threading.Thread(target=revoke)
    revoker.start()
    revoker.join(10)
    finish.set()
    post.join(60)
    revoker.join(60)
    assert revoked and revoked[0] < 5, f"revoking waited {revoked} s for the request"
    assert answers == [201]  # the request began with a valid token and completes
    assert client.get("/api/articles", headers=auth).status_code == 401
    with session_scope(factory) as s:
        assert s.get_one(ApiToken, token_id).last_used_at is not None
    engine.dispose()
