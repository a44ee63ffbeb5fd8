"""Done-when: the seed corpus ingested with extraction only groups its re-reported claims (both databases).

The two articles are found by computing (the pair sharing the most clusters), and the claims by
structure (a quotation reported by both; a report of a figure in each); no text is written here.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Claim
from app.queries.clusters import cluster_detail
from app.store.articles import ArticleInput, ingest_article
from tests.conftest import SHARED

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is absent"),
]


def ingest_corpus(session: Session) -> list[dict[str, Any]]:
    for path in sorted((SHARED / "corpus").iterdir()):
        if path.suffix == ".txt":
            data = ArticleInput(text=path.read_text(encoding="utf-8"), source_name=path.stem)
            ingest_article(session, data)
    session.flush()
    ids = sorted({c for c in session.scalars(select(Claim.cluster_id)) if c is not None})
    return [cluster_detail(session, i) for i in ids]


def shared_clusters(clusters: list[dict[str, Any]]) -> tuple[tuple[int, int], list[dict[str, Any]]]:
    """The two articles that report the most propositions in common, and those clusters."""
    pairs: Counter[tuple[int, int]] = Counter()
    for c in clusters:
        articles = sorted({r["article"]["id"] for r in c["reports"]})
        pairs.update(combinations(articles, 2))
    (a, b), _ = pairs.most_common(1)[0]
    both = [c for c in clusters if {a, b} <= {r["article"]["id"] for r in c["reports"]}]
    return (a, b), both


def test_re_reported_claims_are_clustered_labelled_and_their_differences_marked(session: Session) -> None:
    """Ingesting takes a while, so one test checks both claims of the done-when."""
    (first, second), both = shared_clusters(ingest_corpus(session))
    assert_quotation_is_one_cluster_with_the_first_marked(first, second, both)
    assert_reworded_figure_is_a_variant_with_the_differing_words(first, second, both)


def assert_quotation_is_one_cluster_with_the_first_marked(first: int, second: int, both: list[dict[str, Any]]) -> None:
    quoted = [
        c
        for c in both
        if len(c["reports"]) == 2 and all(r["kind"] == "attribution" for r in c["reports"]) and c["claim_count"] == 1
    ]
    assert quoted, "no claim is reported word for word by both articles"
    for c in quoted:
        reports = c["reports"]
        assert [r["article"]["id"] for r in reports] == [first, second]
        assert [(r["first"], r["label"]) for r in reports] == [(True, "first"), (False, "same")]
        assert reports[0]["differences"] is None


def assert_reworded_figure_is_a_variant_with_the_differing_words(
    first: int, second: int, both: list[dict[str, Any]]
) -> None:
    figure = re.compile(r"\d")
    reworded = [
        c for c in both if c["claim_count"] > 1 and all(figure.search(r["content"]["text"]) for r in c["reports"])
    ]
    assert len(reworded) == 1
    reports = reworded[0]["reports"]
    assert reports[0]["article"]["id"] == first and reports[0]["first"] and reports[0]["label"] == "first"
    assert reports[1]["article"]["id"] == second and reports[1]["label"] == "variant"
    for side, report in (("first", reports[0]), ("report", reports[1])):
        segments = reports[1]["differences"][side]
        assert "".join(s["text"] for s in segments) == report["content"]["text"]
        assert any(s["changed"] for s in segments) and any(not s["changed"] for s in segments)
