"""The commands that run the real extractor: ingest with extraction, sample, reextract."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.extraction.spans import iou
from app.ingest.pipeline import extractor_available
from app.models import Article, Attribution, Origin, Status
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, ORCHARD, harbor_gold, write, write_json

pytestmark = pytest.mark.skipif(extractor_available() is not None, reason="the extractor is not available yet")


def _check_spans(cb: Claimbase) -> list[Attribution]:
    with cb.session() as s:
        texts = {a.id: a.text for a in s.scalars(select(Article))}
        rows = list(s.scalars(select(Attribution)))
        for r in rows:
            text = texts[r.article_id]
            assert text[r.content_start : r.content_end] == r.content_text
            for start, end in [(r.cue_start, r.cue_end), (r.speaker_start, r.speaker_end)]:
                assert (start is None) == (end is None)
                if start is not None:
                    assert 0 <= start < end <= len(text)
        return rows


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_extracts_and_gold_replaces_covered_suggestions(
    claimbase: Claimbase, tmp_path: Path, workers: str
) -> None:
    write(tmp_path / "corpus" / "harbor.txt", HARBOR)
    write(tmp_path / "corpus" / "orchard.txt", ORCHARD)
    result = claimbase("ingest", str(tmp_path / "corpus"), "--workers", workers)
    assert result.exit_code == 0, result.output
    rows = _check_spans(claimbase)
    assert rows and all((r.origin, r.status) == (Origin.extracted, Status.suggested) for r in rows)
    with claimbase.session() as s:
        assert all(a.extractor_version for a in s.scalars(select(Article)))
    quote = HARBOR.index("We need more time")
    assert any(r.content_start <= quote < r.content_end for r in rows), "the direct quote was not extracted"

    write_json(tmp_path / "gold" / "harbor.json", harbor_gold("harbor", HARBOR))
    result = claimbase("ingest", str(tmp_path / "gold"))
    assert result.exit_code == 0, result.output
    rows = _check_spans(claimbase)
    manual = [r for r in rows if r.origin == Origin.manual]
    assert len(manual) == 2
    # No suggestion is left over the content a person annotated.
    for m in manual:
        for r in rows:
            if r.origin == Origin.extracted and r.article_id == m.article_id:
                assert iou((r.content_start, r.content_end), (m.content_start, m.content_end)) < 0.5

    before = len(rows)
    result = claimbase("reextract")
    assert result.exit_code == 0, result.output
    assert "articles: 2;" in result.stdout and "kept: 2" in result.stdout
    assert len(_check_spans(claimbase)) == before
    assert claimbase("reextract", "--article", "999").exit_code == 1


def test_sample_with_extraction(claimbase: Claimbase) -> None:
    result = claimbase("sample", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = _check_spans(claimbase)
    assert rows
    with claimbase.session() as s:
        assert all(a.extractor_version for a in s.scalars(select(Article)))


@pytest.mark.parametrize("workers", ["0", "1"])
def test_ingest_fast_stores_what_the_fast_path_finds(claimbase: Claimbase, tmp_path: Path, workers: str) -> None:
    from app.extraction import extract
    from app.extraction.pipeline import extractor_version

    write(tmp_path / "corpus" / "harbor.txt", HARBOR)
    result = claimbase("ingest", str(tmp_path / "corpus"), "--fast", "--workers", workers)
    assert result.exit_code == 0, result.output
    rows = _check_spans(claimbase)
    with claimbase.session() as s:
        assert [a.extractor_version for a in s.scalars(select(Article))] == [extractor_version(use_tagger=False)]
    fast = extract(HARBOR, use_tagger=False).attributions
    assert sorted((r.content_start, r.content_end) for r in rows) == sorted(
        (x.content.start, x.content.end) for x in fast
    )


@pytest.mark.parametrize(("flags", "expected"), [([], "cores"), (["--fast"], 1), (["--workers", "0"], 0)])
def test_ingest_extracts_on_every_core_by_default_and_in_one_process_beside_the_writer_with_fast(
    claimbase: Claimbase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], expected: object
) -> None:
    """The fast extractor outruns the writer with one process; a second would only take CPU from the writer."""
    import os

    from app.cli import ingest

    seen: list[int] = []
    real = ingest.run_ingest

    def recording(engine, items, total, workers, *args):  # type: ignore[no-untyped-def]
        seen.append(workers)
        return real(engine, items, total, workers, *args)

    monkeypatch.setattr(ingest, "run_ingest", recording)
    write(tmp_path / "corpus" / "harbor.txt", HARBOR)
    result = claimbase("ingest", str(tmp_path / "corpus"), *flags)
    assert result.exit_code == 0, result.output
    assert seen == [os.cpu_count() if expected == "cores" else expected]
