"""Re-extraction upgrades machine suggestions and leaves every person's decision alone."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extraction.types import ArticleExtraction, Entity, Span
from app.extraction.types import Attribution as Found
from app.models import Article, Attribution, AttributionKind, Origin, Stance, Status
from app.store.attributions import AttributionFields, create_attribution, update_attribution
from app.store.extraction import reextract, store_extraction

TEXT = (
    "Lock Gates Fail\n\n"
    "Ana Ruiz said the east gate had jammed. Ben Okoro said the repair would take a week. "
    "Cara Lind said nobody was hurt. Dev Amin said the barges could wait. "
    "Eli Sato said the pumps were old. Fay Moss said the budget was spent.\n"
)
SPEAKERS = ["Ana Ruiz", "Ben Okoro", "Cara Lind", "Dev Amin", "Eli Sato", "Fay Moss"]


def _span(piece: str) -> Span:
    start = TEXT.index(piece)
    return Span.of(TEXT, start, start + len(piece))


def _extractor(version: str, found: list[tuple[str, str, str, float]]) -> Callable[[str], ArticleExtraction]:
    """An extraction of (speaker, content, kind, confidence) pieces, each `<speaker> said <content>`."""
    entities = [Entity(name=name, kind="person", aliases=[name]) for name in SPEAKERS]

    def run(text: str) -> ArticleExtraction:
        assert text == TEXT
        items = [
            Found(
                content=_span(content),
                cue=Span.of(TEXT, _span(speaker).end + 1, _span(speaker).end + 5),
                source=_span(speaker),
                entity=SPEAKERS.index(speaker),
                quote_type="indirect",
                stance="asserts",
                anonymous=False,
                kind=kind,
                confidence=confidence,
            )
            for speaker, content, kind, confidence in found
        ]
        return ArticleExtraction(items, entities, [], version)

    return run


FIRST = _extractor(
    "v1",
    [
        ("Ana Ruiz", "the east gate had jammed", "speech", 0.5),
        ("Ben Okoro", "the repair would take a week", "speech", 0.6),
        ("Cara Lind", "nobody was hurt", "speech", 0.7),
        ("Dev Amin", "the barges could wait", "speech", 0.4),
        ("Eli Sato", "the pumps were old", "speech", 0.3),
    ],
)
SECOND = _extractor(
    "v2",
    [
        ("Ana Ruiz", "the east gate had jammed", "speech", 0.9),  # confirmed by a person
        ("Ben Okoro", "the repair would take a week", "belief", 0.9),  # edited by a person
        ("Cara Lind", "nobody was hurt", "speech", 0.9),  # rejected by a person
        ("Dev Amin", "the barges could wait", "belief", 0.8),  # untouched, found again
        ("Eli Sato", "pumps were old", "speech", 0.85),  # untouched, found with another content span
        ("Fay Moss", "the budget was spent", "speech", 0.75),  # new
    ],
)


def _state(a: Attribution) -> tuple:
    return (
        a.content_start,
        a.content_end,
        a.speaker_start,
        a.kind,
        a.stance,
        a.status,
        a.origin,
        a.confidence,
        a.extractor_version,
        a.edited,
    )


def _rows(session: Session, article: Article) -> dict[str, Attribution]:
    rows = session.scalars(select(Attribution).where(Attribution.article_id == article.id))
    return {TEXT[a.speaker_start : a.speaker_end] + ":" + a.content_text: a for a in rows}


def test_reextract_upgrades_suggestions_and_keeps_what_people_decided(session: Session) -> None:
    article = Article(text=TEXT, content_hash="lock-gates", authors=[])
    session.add(article)
    session.flush()
    outcome = store_extraction(session, article, FIRST(TEXT))
    assert len(outcome.added) == 5
    rows = _rows(session, article)
    ana, ben, cara = (
        rows[k]
        for k in (
            "Ana Ruiz:the east gate had jammed",
            "Ben Okoro:the repair would take a week",
            "Cara Lind:nobody was hurt",
        )
    )
    dev, eli = rows["Dev Amin:the barges could wait"], rows["Eli Sato:the pumps were old"]
    update_attribution(session, ana, {"status": Status.confirmed}, "tester")
    update_attribution(session, ben, {"stance": Stance.hedged}, "tester")
    update_attribution(session, cara, {"status": Status.rejected}, "tester")
    fay = create_attribution(
        session, article, None, AttributionFields(content=(_span("the budget").start, _span("the budget").end))
    )
    session.flush()
    people = {a.id: _state(a) for a in (ana, ben, cara, fay)}
    dev_id, eli_id = dev.id, eli.id

    stats = reextract(session, article, extractor=SECOND)

    assert (stats.kept, stats.upgraded, stats.removed, stats.added) == (4, 1, 1, 1)
    rows = {a.id: a for a in session.scalars(select(Attribution).where(Attribution.article_id == article.id))}
    # Confirmed, edited, rejected and hand-added rows are exactly as the researcher left them.
    assert {i: _state(rows[i]) for i in people} == people
    # The untouched suggestion found again keeps its id and takes the new extractor's reading.
    assert dev_id in rows
    assert (rows[dev_id].kind, rows[dev_id].confidence, rows[dev_id].extractor_version) == (
        AttributionKind.belief,
        0.8,
        "v2",
    )
    assert rows[dev_id].untouched
    # The one found with another span is replaced; the new statement is added; nothing else appears.
    assert eli_id not in rows
    extracted = sorted(a.content_text for a in rows.values() if a.origin == Origin.extracted and a.untouched)
    assert extracted == ["pumps were old", "the barges could wait"]
    assert len(rows) == 6  # four people's rows, the upgraded one, the replacement (the budget is a person's)
    assert article.extractor_version == "v2"


def test_reextract_with_a_threshold_leaves_uncertain_suggestions_out(session: Session) -> None:
    article = Article(text=TEXT, content_hash="lock-gates-2", authors=[])
    session.add(article)
    session.flush()
    low = store_extraction(session, article, FIRST(TEXT), min_confidence=0.45)
    assert (len(low.added), low.left_out) == (3, 2)
    confirmed = _rows(session, article)["Ana Ruiz:the east gate had jammed"]
    update_attribution(session, confirmed, {"status": Status.confirmed}, "tester")
    stats = reextract(session, article, extractor=SECOND, min_confidence=0.86)
    rows = _rows(session, article)
    # Ben's and Cara's (0.9) replace the old suggestions; Dev's 0.8 is left out; the confirmed row stays.
    assert sorted(rows) == [
        "Ana Ruiz:the east gate had jammed",
        "Ben Okoro:the repair would take a week",
        "Cara Lind:nobody was hurt",
    ]
    assert rows["Ana Ruiz:the east gate had jammed"].status == Status.confirmed
    assert (stats.kept, stats.upgraded, stats.left_out) == (1, 2, 3)
