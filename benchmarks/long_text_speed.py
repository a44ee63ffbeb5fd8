"""Extraction time by text length: is extraction linear in the length of one long text?

    python benchmarks/long_text_speed.py [--kb 50 200 1000] [--fast] [--polnear] [--profile N]

For each size it builds one text of about that many kilobytes and times `extract` on it (CPU seconds of
this process, so a busy machine slows the wall clock but not this), printing seconds, words/s and the
seconds per 100 KB: flat seconds per 100 KB means linear. The text is invented (paragraphs of quoted,
reported and plain sentences generated from small word lists, every one different), or with --polnear
the PolNeAR train texts laid end to end (read at run time from ../shared; skipped when absent).
--profile N prints the N functions with the most cumulative time for the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract  # noqa: E402

POLNEAR_TRAIN = ROOT.parent / "shared" / "polnear" / "train.jsonl"

FIRST = ["Rina", "Tomas", "Ines", "Oskar", "Leela", "Marek", "Sade", "Yannick", "Petra", "Dov", "Amara", "Kofi"]
LAST = ["Osei", "Vell", "Marlow", "Brandt", "Kaur", "Novak", "Adeyemi", "Roux", "Lind", "Sherwin", "Ibarra", "Tan"]
ROLES = ["the transport minister", "a council spokeswoman", "the union leader", "the mayor", "an engineer"]
GROUPS = ["residents", "two harbour pilots", "several shop owners", "the ferry company", "local teachers"]
TOPICS = ["the ferry timetable", "the water tariff", "the library wing", "road repairs", "the school budget"]
VERBS = ["said", "told reporters", "argued", "warned", "insisted", "claimed", "added"]
THINK = ["believes", "suspects", "expects", "doubts", "hopes"]
PLACES = ["at the harbour office", "in a statement", "on Tuesday", "during the hearing", "after the vote"]
EVENTS = ["rose by", "fell by", "was cut by", "grew by", "stayed near"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, i: int) -> str:
    topic, verb, place = rng.choice(TOPICS), rng.choice(VERBS), rng.choice(PLACES)
    number = rng.randint(2, 900)
    forms: list[Callable[[], str]] = [
        lambda: f'"We will look at {topic} again in week {i}," {verb.split()[0]} {_name(rng)}, {rng.choice(ROLES)}.',
        lambda: f"{_name(rng)}, {rng.choice(ROLES)}, {verb} that {topic} would cost {number} more crowns.",
        lambda: f"According to {rng.choice(ROLES)}, {topic} {rng.choice(EVENTS)} {number} percent {place}.",
        lambda: f"{rng.choice(GROUPS).capitalize()} {rng.choice(THINK)} that {topic} will change by spring.",
        lambda: f"The figure for {topic} {rng.choice(EVENTS)} {number} units {place}, the records show.",
        lambda: f'"It is not enough," {_name(rng)} {verb} {place}. "Item {i} has waited {number} days."',
        lambda: f"The council met {place} and spent {number} minutes on {topic} without a decision.",
    ]
    return rng.choice(forms)()


def synthetic_text(size: int, seed: int = 7) -> str:
    """About `size` characters: a headline, a byline, then paragraphs of one to four generated sentences."""
    rng = random.Random(seed)
    parts = [f"Harbour Council Report {seed}", f"By {_name(rng)}"]
    total, i = 0, 0
    while total < size:
        paragraph = " ".join(_sentence(rng, i + k) for k in range(rng.randint(1, 4)))
        parts.append(paragraph)
        total += len(paragraph) + 2
        i += 4
    return "\n\n".join(parts) + "\n"


def polnear_text(size: int) -> str | None:
    """The PolNeAR train texts, end to end, up to about `size` characters (None when ../shared is absent).

    Past the end of the file (about 3.9 MB) they start again from the first: a repeated paragraph is what
    a scraped page often holds, and the extractor reads it once."""
    if not POLNEAR_TRAIN.is_file():
        return None
    texts = [json.loads(line)["text"].strip() for line in POLNEAR_TRAIN.read_text(encoding="utf-8").splitlines()]
    parts, total = [], 0
    while total < size:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        total += len(text) + 2
    return "\n\n".join(parts) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=float, nargs="+", default=[50, 200, 1000], help="Text sizes, in kilobytes.")
    ap.add_argument("--fast", action="store_true", help="The rules' candidates only (no CRF tagger).")
    ap.add_argument("--polnear", action="store_true", help="PolNeAR train texts end to end, not invented ones.")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="Profile the largest size; print N rows.")
    args = ap.parse_args()
    extract("Warm-up, said Ana Brel.", use_tagger=not args.fast)  # load the models outside the timing
    source = "PolNeAR train texts end to end" if args.polnear else "invented paragraphs"
    print(f"{source}; {'fast path (rules only)' if args.fast else 'default path (rules and tagger)'}; CPU seconds")
    print(f"{'size':>9} {'words':>9} {'seconds':>9} {'words/s':>9} {'s/100KB':>8} {'found':>7}")
    for kb in args.kb:
        size = int(kb * 1000)
        text = polnear_text(size) if args.polnear else synthetic_text(size)
        if text is None:
            print(f"skipped: {POLNEAR_TRAIN} is absent")
            return 0
        profile = cProfile.Profile() if args.profile and kb == max(args.kb) else None
        start = time.process_time()
        if profile:
            profile.enable()
        found = extract(text, use_tagger=not args.fast)
        if profile:
            profile.disable()
        seconds = time.process_time() - start
        words = len(text.split())
        per_100kb = seconds / (len(text) / 100_000)
        row = f"{len(text) / 1000:>7.0f}KB {words:>9,} {seconds:>9.1f} {words / seconds:>9,.0f} {per_100kb:>8.2f}"
        print(f"{row} {len(found.attributions):>7,}", flush=True)
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
