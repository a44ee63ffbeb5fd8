"""Extraction speed in words per CPU-second on one core, over the PolNeAR dev texts (../shared/polnear).

    python benchmarks/extraction_speed.py [--rounds 3] [--split dev]

Prints words/s for region finding alone, for the fast path (`claimbase extract --fast`: the rules'
candidates, scored) and for the default path (rules and the CRF tagger's candidates, scored).
Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract  # noqa: E402
from app.extraction.pipeline import extractor_version  # noqa: E402
from app.text.regions import find_regions  # noqa: E402

SHARED = ROOT.parent / "shared"


def _rate(texts: list[str], words: int, rounds: int, fn) -> float:
    """Words per second of this process's CPU time (one core; a shared, busy machine slows the wall
    clock but not this), best of the rounds."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - t0)
    return words / best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    args = ap.parse_args()
    path = SHARED / "polnear" / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"skipped: {path} is absent")
        return 0
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    words = sum(len(t.split()) for t in texts)
    extract(texts[0])  # load the tagger model once, outside the timing
    print(f"{len(texts)} texts, {words} words, best of {args.rounds} rounds, one process")
    print(f"regions only:          {_rate(texts, words, args.rounds, find_regions):>10,.0f} words/s")
    fast = _rate(texts, words, args.rounds, lambda t: extract(t, use_tagger=False))
    print(f"fast path ({extractor_version(False)}): {fast:>10,.0f} words/s")
    print(f"default path ({extractor_version()}): {_rate(texts, words, args.rounds, extract):>10,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
