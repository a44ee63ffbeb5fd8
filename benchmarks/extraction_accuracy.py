"""Accuracy of the extractor on the seed gold (../shared/gold) and on PolNeAR (../shared/polnear).

    python benchmarks/extraction_accuracy.py [--split dev|train] [--limit N] [--no-tagger] [--skip-polnear]
                                             [--folds N --fold K | --folds N --except-fold K]

Cross-validation on train: `--folds 5 --fold 0` scores the documents whose index modulo 5 is 0 (held
out), `--folds 5 --except-fold 0` the other four fifths (read while developing).

Runs the two scorers that ship with the shared data and prints their figures, plus how many of the
gold anonymity reasons the extractor found. Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract, to_gold_dicts  # noqa: E402
from app.extraction.kinds import COUNTED, keep_kinds  # noqa: E402
from app.extraction.polnear_format import polnear_dicts  # noqa: E402

SHARED = ROOT.parent / "shared"


def seed(use_tagger: bool) -> None:
    corpus, gold = SHARED / "corpus", SHARED / "gold"
    reasons_gold = reasons_found = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for path in sorted(corpus.glob("*.txt")):
            text = path.open(encoding="utf-8", newline="").read()
            res = keep_kinds(extract(text, use_tagger=use_tagger), COUNTED)  # the gold counts speech, belief
            fh.write(json.dumps({"doc_id": path.stem, "attributions": to_gold_dicts(text, res)}) + "\n")
            gpath = gold / f"{path.stem}.json"
            if gpath.exists():
                want = {
                    (r["start"], r["end"])
                    for a in json.loads(gpath.read_text())["attributions"]
                    if (r := a.get("anonymity_reason"))
                }
                got = [
                    (a.anonymity_reason.start, a.anonymity_reason.end) for a in res.attributions if a.anonymity_reason
                ]
                reasons_gold += len(want)
                reasons_found += sum(1 for w in want if any(g[0] < w[1] and w[0] < g[1] for g in got))
        pred = fh.name
    print("== seed gold (../shared/gold/score.py)")
    subprocess.run([sys.executable, str(gold / "score.py"), pred], check=True)
    print(f"anonymity reasons found: {reasons_found}/{reasons_gold}")


def fold_docs(docs: list[dict], folds: int, fold: int | None, except_fold: int | None) -> list[dict]:
    """The documents of one cross-validation fold (index modulo folds), or of all folds but one."""
    if fold is not None:
        return [d for n, d in enumerate(docs) if n % folds == fold]
    if except_fold is not None:
        return [d for n, d in enumerate(docs) if n % folds != except_fold]
    return docs


def polnear(split: str, limit: int | None, use_tagger: bool, select=lambda docs: docs) -> None:
    path = SHARED / "polnear" / f"{split}.jsonl"
    docs = select([json.loads(line) for line in path.open(encoding="utf-8") if line.strip()])
    if limit:
        docs = docs[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        with gold_path.open("w", encoding="utf-8") as g, pred_path.open("w", encoding="utf-8") as p:
            for d in docs:
                g.write(json.dumps(d) + "\n")
                res = extract(d["text"], use_tagger=use_tagger, unsourced=True)  # PolNeAR annotates sourceless ones
                p.write(json.dumps({"doc_id": d["doc_id"], "attributions": polnear_dicts(d["text"], res)}) + "\n")
        print(f"== PolNeAR {split} ({len(docs)} documents; ../shared/polnear/score.py)")
        subprocess.run(
            [sys.executable, str(SHARED / "polnear" / "score.py"), str(gold_path), str(pred_path)], check=True
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-tagger", action="store_true", help="rules alone")
    ap.add_argument("--skip-polnear", action="store_true")
    ap.add_argument("--skip-seed", action="store_true")
    ap.add_argument("--folds", type=int, default=5, help="number of cross-validation folds")
    ap.add_argument("--fold", type=int, default=None, help="score only this held-out fold")
    ap.add_argument("--except-fold", type=int, default=None, help="score every fold but this one")
    args = ap.parse_args()
    if args.fold is not None and args.except_fold is not None:
        ap.error("--fold and --except-fold exclude each other")
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (the shared gold and PolNeAR data are needed)")
        return 0
    if not args.skip_seed:
        seed(not args.no_tagger)
    if not args.skip_polnear:
        polnear(
            args.split,
            args.limit,
            not args.no_tagger,
            lambda docs: fold_docs(docs, args.folds, args.fold, args.except_fold),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
