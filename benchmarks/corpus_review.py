"""What a new user sees after `claimbase ingest ../shared/corpus` on an empty database: the review queue's
first page (least certain first), each text's share of anonymous sourcing beside the gold's, and the
stored statements that are no attribution at all.

    python benchmarks/corpus_review.py [--corpus ../shared/corpus] [--gold ../shared/gold] [--min-confidence P]

The gold share is anonymous attributions over all attributions of the gold file (speech and belief, as
GUIDELINES.md defines an attribution); the stored share is the dashboard's (`/api/stats/sourcing`).
A stored statement is "not an attribution" when its content matches no gold content (IoU >= 0.5) and its
cue overlaps no gold cue: a gold attribution found with other boundaries is not counted as one.
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
from app.extraction.spans import iou

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


def _iou(a: dict, b: dict) -> float:
    return iou((a["start"], a["end"]), (b["start"], b["end"]))


def not_attributions(items: list[dict], gold: list[dict]) -> list[dict]:
    """The stored items that match no gold attribution, by content or by cue."""
    out = []
    for item in items:
        content, cue = item["content"], item.get("cue")
        if any(_iou(content, g["content"]) >= 0.5 for g in gold):
            continue
        if cue and any(g.get("cue") and _iou(cue, g["cue"]) > 0 for g in gold):
            continue
        out.append(item)
    return out


def all_items(client: TestClient, article: int) -> list[dict]:
    items, url = [], f"/api/attributions?article={article}&limit=200"
    while url:
        page = client.get(url).json()
        items += page["items"]
        url = f"/api/attributions?article={article}&limit=200&cursor={page['next']}" if page.get("next") else None
    return items


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
        print(result.stdout.strip())
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

        print("\nstored statements that are not attributions (no gold content or cue matches):")
        junk = 0
        for article, doc in sorted(names.items(), key=lambda kv: kv[1] or ""):
            gold_file = args.gold / f"{Path(doc).stem}.json" if doc else None
            if gold_file is None or not gold_file.is_file():
                continue
            rows = json.loads(gold_file.read_text(encoding="utf-8"))["attributions"]
            for item in not_attributions(all_items(client, article), rows):
                junk += 1
                speaker = (item["speaker"] or {}).get("name")
                words = " ".join(item["content"]["text"].split()[:8])
                print(f"  {Path(doc).stem[:3]}  {item['confidence']:.2f}  {speaker!s:<24.24} {words!r:.60}")
        print(f"  total: {junk}")


if __name__ == "__main__":
    main()
