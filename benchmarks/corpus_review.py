"""What a new user sees after `claimbase ingest ../shared/corpus` on an empty database: the review queue's
first page (least certain first) and each text's share of anonymous sourcing beside the gold's.

    python benchmarks/corpus_review.py [--corpus ../shared/corpus] [--gold ../shared/gold] [--min-confidence P]

The gold share is anonymous attributions over all attributions of the gold file (speech and belief, as
GUIDELINES.md defines an attribution); the stored share is the dashboard's (`/api/stats/sourcing`).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.api.main import create_app
from app.cli.main import cli
from app.config import Settings

ROOT = Path(__file__).resolve().parent.parent
QUEUE_PAGE = 20


def gold_shares(gold: Path) -> dict[str, tuple[int, int]]:
    """doc_id → (anonymous, total) of the gold annotations."""
    out = {}
    for f in sorted(gold.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        rows = data["attributions"]
        out[data["doc_id"]] = (sum(1 for a in rows if a.get("anonymous")), len(rows))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--min-confidence", type=float, default=None, help="passed to claimbase ingest")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/corpus.db"
        command = ["ingest", str(args.corpus), "--workers", "1", "--database-url", url]
        if args.min_confidence is not None:
            command += ["--min-confidence", str(args.min_confidence)]
        result = CliRunner().invoke(cli, command)
        print(result.stdout.strip().splitlines()[-1])
        client = TestClient(
            create_app(Settings(database_url=url)), base_url="http://localhost", client=("127.0.0.1", 50000)
        )
        queue = client.get(f"/api/review?limit={QUEUE_PAGE}&total=true").json()
        print(f"\nreview queue: {queue['total']} waiting; first page (least certain first):")
        for item in queue["items"]:
            speaker = (item["speaker"] or {}).get("name")
            words = " ".join(item["content"]["text"].split()[:8])
            print(f"  {item['confidence']:.2f}  {item['kind']:<9} {speaker!s:<28.28} {words!r:.60}")
        confidences = [i["confidence"] for i in queue["items"]]
        print(f"  first page confidences: min {min(confidences):.2f}, max {max(confidences):.2f}")

        names = {a["id"]: a["source_name"] for a in client.get("/api/articles?limit=500").json()["items"]}
        stored = client.get("/api/stats/sourcing?group_by=article").json()["groups"]
        gold = gold_shares(args.gold)
        print("\nanonymous share per text: stored (dashboard) vs gold")
        worst = 0.0
        for g in stored:
            doc = names[int(g["group"])]
            doc_id = Path(doc).stem if doc else None
            anonymous, total = gold.get(doc_id, (0, 0))
            share = anonymous / total if total else 0.0
            worst = max(worst, abs(g["anonymous_share"] - share))
            print(
                f"  {doc_id}: {g['anonymous']:>2}/{g['total']:<3} = {g['anonymous_share']:.3f}   "
                f"gold {anonymous:>2}/{total:<3} = {share:.3f}   diff {g['anonymous_share'] - share:+.3f}"
            )
        print(f"  largest difference: {worst:.3f}")


if __name__ == "__main__":
    main()
