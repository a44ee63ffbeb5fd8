"""`claimbase cluster`: rebuilding every claim cluster gives what ingesting built incrementally."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Claim, ClaimCluster, ClaimKey
from tests.cli.conftest import Claimbase
from tests.cli.writing import HARBOR, harbor_gold, write, write_json


def _groups(claimbase: Claimbase) -> set[frozenset[str]]:
    with Session(claimbase.engine) as session:
        by: dict[int | None, set[str]] = {}
        for cluster_id, text in session.execute(select(Claim.cluster_id, Claim.text)):
            by.setdefault(cluster_id, set()).add(text)
    return {frozenset(v) for v in by.values()}


def test_cluster_rebuilds_what_ingest_built(claimbase: Claimbase, tmp_path: Path) -> None:
    line = {"doc_id": "harbor", "text": HARBOR, "outlet": "Coastal Courier", "published_at": "2024-05-06"}
    write(tmp_path / "in" / "harbor.jsonl", json.dumps(line) + "\n")
    write_json(tmp_path / "in" / "harbor.json", harbor_gold("harbor", HARBOR))
    assert claimbase("ingest", str(tmp_path / "in"), "--no-extract").exit_code == 0
    before, keys = _groups(claimbase), claimbase.count(ClaimKey)
    assert keys > 0 and claimbase.count(ClaimCluster) > 0
    result = claimbase("cluster")
    assert result.exit_code == 0, result.output
    assert f"articles: 1; clusters: {claimbase.count(ClaimCluster)}" in result.output
    assert _groups(claimbase) == before and claimbase.count(ClaimKey) == keys


def test_cluster_on_an_unmigrated_database_says_how_to_fix_it(claimbase: Claimbase) -> None:
    result = claimbase("cluster")
    assert result.exit_code != 0 and "claimbase db upgrade" in result.output
