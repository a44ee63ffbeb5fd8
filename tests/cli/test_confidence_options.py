"""--min-confidence on ingest and reextract, --kind and --min-confidence on export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.ingest.pipeline import Ingestor
from app.ingest.readers import ArticleRecord
from app.migrations_support import upgrade
from app.models import Attribution, AttributionKind
from app.store.articles import ArticleInput
from tests.cli.conftest import Claimbase
from tests.cli.quote_extractor import quotes_said

TEXTS = [f'Pier Notice {i}\n\n"Berth {i} opens at noon," said Rina Osei on the pier.\n' for i in range(3)]


@pytest.mark.parametrize(
    "command",
    [["ingest", "nowhere"], ["reextract"], ["export"]],
)
@pytest.mark.parametrize("value", ["1.5", "-0.2", "nan", "sure"])
def test_a_confidence_that_is_not_a_probability_is_a_usage_error(
    claimbase: Claimbase, command: list[str], value: str
) -> None:
    result = claimbase(*command, "--min-confidence", value)
    assert result.exit_code == 2, result.output
    assert "--min-confidence" in result.output


def test_export_refuses_an_unknown_kind(claimbase: Claimbase) -> None:
    result = claimbase("export", "--kind", "speech,rumour")
    assert result.exit_code == 2 and "'rumour' is not one of" in result.output


def test_ingest_threshold_leaves_uncertain_suggestions_out(claimbase: Claimbase) -> None:
    upgrade(claimbase.engine)
    records = [ArticleRecord(f"n{i}", ArticleInput(text=t, source_name=f"n{i}")) for i, t in enumerate(TEXTS)]
    sure = Ingestor(claimbase.engine, extractor=quotes_said, min_confidence=0.95)  # the test extractor says 0.9
    sure.articles(records[:2])
    assert (sure.stats.new, sure.stats.extracted, sure.stats.left_out) == (2, 0, 2)
    assert "2 below the confidence threshold left out" in sure.stats.summary()
    unsure = Ingestor(claimbase.engine, extractor=quotes_said, min_confidence=0.9)
    unsure.articles(records[2:])
    assert (unsure.stats.extracted, unsure.stats.left_out) == (1, 0)
    assert claimbase.count(Attribution) == 1


def test_export_by_kind_and_confidence(claimbase: Claimbase, tmp_path: Path) -> None:
    upgrade(claimbase.engine)
    records = [ArticleRecord(f"n{i}", ArticleInput(text=t, source_name=f"n{i}")) for i, t in enumerate(TEXTS)]
    Ingestor(claimbase.engine, extractor=quotes_said).articles(records)
    with claimbase.session() as s:
        rows = list(s.scalars(select(Attribution).order_by(Attribution.id)))
        rows[0].kind, rows[0].confidence = AttributionKind.intention, 0.3
        rows[1].confidence = 0.4
        first, second, third = (r.id for r in rows)
        s.commit()

    def ids(*args: str) -> list[int]:
        result = claimbase("export", "--format", "jsonl", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    assert ids() == [second, third]
    assert ids("--kind", "all") == [first, second, third]
    assert ids("--kind", "intention") == [first]
    assert ids("--kind", "intention,speech", "--min-confidence", "0.35") == [second, third]
    assert ids("--kind", "all", "--min-confidence", "0.25") == [first, second, third]
    assert ids("--min-confidence", "0.5") == [third]
