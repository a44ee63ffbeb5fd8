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

from app.extraction import encoder_tagger, extract, tagger  # noqa: E402
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
    ap.add_argument("--taggers", action="store_true", help="also time each shipped tagger alone")
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
    if args.taggers:
        _taggers(texts, words, args.rounds)
    return 0


def _taggers(texts: list[str], words: int, rounds: int) -> None:
    """Each shipped tagger alone over the same texts (whole paragraphs, no skip regions), side by side,
    and the share of words the encoder read (it skips paragraphs without a cue word or mark)."""
    models = {}
    if Path(tagger.MODEL_PATH).is_file():
        models["crf"] = tagger.TaggerModel(tagger.MODEL_PATH, tagger.LEXICON_PATH, tagger.STAGE1_PATH)
    if encoder_tagger.model_available():
        models["encoder"] = encoder_tagger.EncoderModel()
        if encoder_tagger.exact_int8_products():  # what keeping the int8 products exact costs on this CPU
            models["encoder, int8 products as this CPU sums them"] = encoder_tagger.EncoderModel(exact_products=False)
    for name, m in models.items():
        rate = _rate(texts, words, rounds, lambda t, m=m: tagger.read(t, [], m))
        print(f"tagger alone ({name}):  {rate:>10,.0f} words/s")
    enc = models.get("encoder")
    if enc is not None and enc.read_words + enc.skipped_words:
        share = enc.read_words / (enc.read_words + enc.skipped_words)
        print(f"encoder read {share:.1%} of the tokens of the paragraphs it was given")


if __name__ == "__main__":
    sys.exit(main())
