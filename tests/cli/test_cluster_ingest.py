"""`claimbase ingest --cluster local`: a Dask cluster of this machine's cores extracts one task per shard
of files; a run killed part-way and run again stores every article (and its attributions) exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extraction import extract
from app.ingest.pipeline import extractor_available
from app.models import Article, Attribution, IngestShard
from tests.cli.conftest import Claimbase
from tests.cli.writing import write

pytestmark = pytest.mark.skipif(extractor_available() is not None, reason="the extractor is not available")

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Odile Fenwright", "Teodor Halvik", "Mira Castellane", "Anselm Quirke", "Jun Okonkwo-Lind"]
TOPICS = ["ferry fares", "the orchard loans", "the bridge tolls", "harbor dredging", "the school canteen"]


def _texts(n: int) -> list[str]:
    out = []
    for i in range(n):
        name, topic = NAMES[i % len(NAMES)], TOPICS[(i // len(NAMES)) % len(TOPICS)]
        out.append(
            f"Council Report {i} on {topic.title()}\n\n"
            f'"We will decide on {topic} before the winter session," said {name}, who chairs the council.\n\n'
            f"Residents said the plan number {i} would cost them more than the last one.\n\n"
            f"According to a spokesman for the council, {i + 3} members had asked for a delay.\n"
        )
    return out


def _corpus(folder: Path, n: int) -> list[str]:
    texts = _texts(n)
    for i, text in enumerate(texts):
        write(folder / f"report-{i:02d}.txt", text)
    return texts


def _check_stored_once(cb: Claimbase, texts: list[str]) -> None:
    """Every text is one article, holding exactly the attributions the fast extractor finds in it."""
    with cb.session() as s:
        stored = {a.text: a.id for a in s.scalars(select(Article))}
        per_article = dict(
            s.execute(select(Attribution.article_id, func.count()).group_by(Attribution.article_id)).tuples().all()
        )
    assert sorted(stored) == sorted(texts)
    for text in texts:
        assert per_article.get(stored[text], 0) == len(extract(text, use_tagger=False).attributions)


def test_cluster_ingest_stores_every_shard_and_a_rerun_skips_them(claimbase: Claimbase, tmp_path: Path) -> None:
    texts = _corpus(tmp_path / "corpus", 5)
    args = ("ingest", str(tmp_path / "corpus"), "--cluster", "local", "--shard-files", "2", "--fast")
    result = claimbase(*args)
    assert result.exit_code == 0, result.output
    assert "shards: 3 (0 finished before, 3 stored now)" in result.output
    assert "articles: 5 new, 0 duplicate" in result.output
    _check_stored_once(claimbase, texts)
    assert claimbase.count(IngestShard) == 3

    again = claimbase(*args)
    assert again.exit_code == 0, again.output
    assert "shards: 3 (3 finished before, 0 stored now)" in again.output
    assert "articles: 0 new, 0 duplicate" in again.output
    _check_stored_once(claimbase, texts)


def test_a_killed_cluster_ingest_resumes_and_stores_each_article_once(claimbase: Claimbase, tmp_path: Path) -> None:
    shards = 16
    texts = _corpus(tmp_path / "corpus", shards)
    args = ["ingest", str(tmp_path / "corpus"), "--cluster", "local", "--shard-files", "1", "--fast"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMBASE_DATABASE_URL": claimbase.url}
    run = subprocess.Popen(
        [sys.executable, "-c", "from app.cli.main import cli; cli()", *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the local cluster's workers too
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and run.poll() is None:
            try:
                if claimbase.count(IngestShard) >= 2:
                    break
            except Exception:  # the table is not there until the run has migrated the database
                pass
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be interrupted"
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    at_kill = claimbase.count(IngestShard)
    assert 2 <= at_kill < shards
    with claimbase.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) >= at_kill

    result = claimbase(*args)
    assert result.exit_code == 0, result.output
    assert f"shards: {shards} ({at_kill} finished before, {shards - at_kill} stored now)" in result.output
    _check_stored_once(claimbase, texts)
    assert claimbase.count(IngestShard) == shards
