"""Incremental clustering in the store, on both databases, with invented articles coded by hand."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Article, Attribution, Claim, ClaimCluster, ClaimKey, ClusterLabel, Statement
from app.store.articles import ArticleInput, ingest_article
from app.store.attributions import AttributionFields, create_attribution
from app.store.clusters import cluster_article, cluster_reports, label_reports, reset_clusters

FIRST = (
    "Ferry Cuts Planned\n\n"
    "The ferry company will cut 40 sailings a week from the island route this winter. "
    "“We cannot keep running empty boats across the sound,” said Ines Moreau, the company’s director.\n"
)
SECOND = (
    "Islanders Protest Timetable\n\n"
    "A union official said the ferry company will cut about 40 sailings a week from the island route. "
    "“We cannot keep running empty boats across the sound,” Ms. Moreau told the council.\n"
)


def add(session: Session, text: str, day: int, quotes: list[str]) -> Article:
    article = ingest_article(
        session, ArticleInput(text=text, extract=False, published_at=datetime(2026, 3, day))
    ).article
    for q in quotes:
        start = text.index(q)
        create_attribution(session, article, None, AttributionFields(content=(start, start + len(q))))
    return article


def cluster_of(session: Session, article: Article, containing: str) -> int:
    claim_id = session.scalar(
        select(Attribution.claim_id).where(
            Attribution.article_id == article.id, Attribution.content_text.contains(containing)
        )
    )
    if claim_id is None:
        claim_id = session.scalar(
            select(Statement.claim_id).where(Statement.article_id == article.id, Statement.text.contains(containing))
        )
    return session.get_one(Claim, claim_id).cluster_id


def test_a_later_report_joins_the_statement_it_repeats_and_is_labelled(session: Session) -> None:
    quote = "We cannot keep running empty boats across the sound"
    first = add(session, FIRST, 1, [quote])
    second = add(
        session, SECOND, 2, [quote, "the ferry company will cut about 40 sailings a week from the island route"]
    )
    # The first article states the cut in its own voice: a statement, found again by the second's report.
    assert session.scalar(select(func.count()).where(Statement.article_id == first.id)) == 1
    cut = cluster_of(session, second, "about 40")
    assert cut == cluster_of(session, first, "40 sailings")
    labelled = label_reports(cluster_reports(session, cut))
    assert [(lr.report.kind, lr.report.article_id, lr.label) for lr in labelled] == [
        ("statement", first.id, ClusterLabel.first),
        ("attribution", second.id, ClusterLabel.variant),
    ]
    text = labelled[1].report.text
    assert [text[s:e] for s, e in labelled[1].differs] == ["about"]
    assert session.get_one(ClaimCluster, cut).has_variants
    quoted = cluster_of(session, first, quote)
    assert quoted == cluster_of(session, second, quote) and quoted != cut
    assert [lr.label for lr in label_reports(cluster_reports(session, quoted))] == [
        ClusterLabel.first,
        ClusterLabel.same,
    ]


def test_an_earlier_article_ingested_later_becomes_the_first_report(session: Session) -> None:
    quote = "We cannot keep running empty boats across the sound"
    second = add(session, SECOND, 9, [quote])
    first = add(session, FIRST, 1, [quote])
    reports = label_reports(cluster_reports(session, cluster_of(session, second, quote)))
    assert [lr.report.article_id for lr in reports] == [first.id, second.id]
    assert reports[0].label == ClusterLabel.first


def test_rebuilding_gives_the_clusters_that_incremental_clustering_gave(session: Session) -> None:
    quote = "We cannot keep running empty boats across the sound"
    first = add(session, FIRST, 1, [quote])
    second = add(
        session, SECOND, 2, [quote, "the ferry company will cut about 40 sailings a week from the island route"]
    )

    def groups() -> set[frozenset[str]]:
        by: dict[int, set[str]] = {}
        for cluster_id, text in session.execute(select(Claim.cluster_id, Claim.text)):
            by.setdefault(cluster_id, set()).add(text)
        return {frozenset(v) for v in by.values()}

    before = groups()
    keys = session.scalar(select(func.count()).select_from(ClaimKey))
    for article_id in reset_clusters(session):
        cluster_article(session, session.get_one(Article, article_id))
    assert groups() == before
    assert session.scalar(select(func.count()).select_from(ClaimKey)) == keys
    assert cluster_of(session, first, "40 sailings") == cluster_of(session, second, "about 40")
