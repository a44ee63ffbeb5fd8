"""Plain helpers that code small invented articles by hand through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction, Entity, Span
from app.extraction.types import Attribution as Found
from app.models import Article
from app.store.extraction import store_extraction


def span(text: str, piece: str, after: int = 0) -> dict[str, int]:
    start = text.index(piece, after)
    return {"start": start, "end": start + len(piece)}


def add_article(client: TestClient, text: str, **fields: Any) -> dict[str, Any]:
    r = client.post("/api/articles", json={"text": text, "extract": False, **fields})
    assert r.status_code in (200, 201), r.text
    return r.json()


def code(
    client: TestClient,
    article: dict[str, Any],
    content: str,
    speaker: str,
    *,
    kind: str = "person",
    cue: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    text = article["text"]
    body: dict[str, Any] = {
        "article_id": article["id"],
        "content": span(text, content),
        "speaker_name": speaker,
        "speaker_kind": kind,
        **fields,
    }
    if cue:
        body["cue"] = span(text, cue)
    r = client.post("/api/attributions", json=body)
    assert r.status_code == 201, r.text
    return r.json()


FIRST = (
    "Harbour Plan Faces Delay, Officials Say\n\n"
    "PORTVILLE — The harbour expansion will slip by a year, city officials said on Monday.\n\n"
    "“We will not cut corners on safety,” said Marta Q. Lindqvist, the port authority’s spokeswoman.\n\n"
    "An engineer, who spoke on condition of anonymity because she was not authorized to speak, said the "
    "dredging contract had been cancelled.\n"
)
SECOND = (
    "Council Reviews Harbour Budget\n\n"
    "The council will review the harbour budget, the Portville Ledger reported, citing a council aide who "
    "said the cost had doubled.\n\n"
    "“We will not cut corners on safety,” Marta Lindqvist, now the council’s press secretary, told reporters.\n"
)


def suggest(session: Session, article_id: int, pieces: list[tuple[str, str, float]]) -> list[int]:
    """Store machine suggestions (content piece, kind, confidence) for an article, as an extraction would."""
    article = session.get_one(Article, article_id)
    found = [
        Found(
            content=Span.of(article.text, article.text.index(piece), article.text.index(piece) + len(piece)),
            cue=None,
            source=None,
            entity=0,
            quote_type="indirect",
            stance="asserts",
            anonymous=False,
            confidence=confidence,
            kind=kind,
        )
        for piece, kind, confidence in pieces
    ]
    result = ArticleExtraction(found, [Entity(name="Quentin Aster", kind="person")], [], "test")
    return [a.id for a in store_extraction(session, article, result).added]
