"""`claimbase ingest` skips and reports a text over CLAIMBASE_MAX_ARTICLE_BYTES, stores the rest, exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Article
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, write


def test_an_article_over_the_limit_is_skipped_and_reported(
    claimbase: Claimbase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMBASE_MAX_ARTICLE_BYTES", str(len(HARBOR.encode()) + 10))
    write(tmp_path / "harbor.txt", HARBOR)
    write(tmp_path / "long.txt", HARBOR + "More to come.\n" * 10)
    result = claimbase("ingest", str(tmp_path), "--no-extract")
    assert result.exit_code == 1
    assert "long.txt: the text is" in result.output and "CLAIMBASE_MAX_ARTICLE_BYTES" in result.output
    assert "articles: 1 new, 0 duplicate" in result.stdout and "failures: 1" in result.stdout
    assert claimbase.count(Article) == 1
