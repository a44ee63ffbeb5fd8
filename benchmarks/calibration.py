"""Calibration of the extractor's confidence on PolNeAR: expected calibration error and a reliability
diagram.

    python benchmarks/calibration.py [--split dev] [--fast] [--bins 10] [--png reliability.png]

Every attribution written with `--format polnear` is right when PolNeAR's scorer (../shared/polnear/
score.py, one-to-one greedy matching) matches its content at IoU >= 0.5 and its source agrees (overlap,
or both absent). ECE is the bin-weighted gap between mean confidence and the share right, over equal-
width confidence bins. Needs matplotlib (the `train` extra) for the PNG. Skips when ../shared is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract  # noqa: E402
from app.extraction.polnear_format import polnear_dicts  # noqa: E402

SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("polnear_score", SHARED / "polnear" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def judged(docs: list[dict], use_tagger: bool) -> list[tuple[float, int]]:
    """(confidence, right) for every attribution the extractor writes in PolNeAR's format."""
    sc = _scorer()
    out = []
    for d in docs:
        text = d["text"]
        preds = polnear_dicts(text, extract(text, use_tagger=use_tagger, unsourced=True))
        warn: dict = {}

        def chars(span, text=text, warn=warn):
            pieces = sc.span_pieces(span, text, warn)
            return None if pieces is None else sc.charset(pieces)

        gold = [(chars(a["content"]), chars(a["source"])) for a in d["attributions"]]
        mine = [(chars(p["content"]), chars(p["source"])) for p in preds]
        pairs = sc.greedy_match([g[0] for g in gold], [m[0] for m in mine], lambda v, g, p: v >= 0.5)
        right = {pi for gi, pi, _ in pairs if sc.args_agree(gold[gi][1], mine[pi][1], "overlap")}
        out.extend((p["confidence"], int(i in right)) for i, p in enumerate(preds))
    return out


def reliability(pairs: list[tuple[float, int]], bins: int) -> tuple[float, list[tuple[float, float, int]]]:
    """ECE and, per non-empty bin, (mean confidence, share right, count)."""
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in pairs if lo <= c < hi or (b == bins - 1 and c == hi)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(conf - acc)
        rows.append((conf, acc, len(inside)))
    return ece, rows


def plot(rows: list[tuple[float, float, int]], ece: float, title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey", linewidth=1)
    ax.plot([r[0] for r in rows], [r[1] for r in rows], "o-")
    for conf, acc, n in rows:
        ax.annotate(str(n), (conf, acc), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence", ylabel="share right", title=f"{title}  ECE {ece:.3f}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--fast", action="store_true", help="the fast path (rules alone, scored)")
    ap.add_argument("--bins", type=int, default=10)
    ap.add_argument("--png", type=Path, default=Path("reliability.png"))
    args = ap.parse_args()
    path = SHARED / "polnear" / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"skipped: {path} is absent")
        return 0
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    pairs = judged(docs, not args.fast)
    ece, rows = reliability(pairs, args.bins)
    label = f"PolNeAR {args.split}, {'fast' if args.fast else 'default'} path"
    print(f"{label}: {len(pairs)} attributions, {sum(r for _, r in pairs)} right; ECE ({args.bins} bins) {ece:.4f}")
    for conf, acc, n in rows:
        print(f"  confidence {conf:.3f}  right {acc:.3f}  n {n}")
    plot(rows, ece, label, args.png)
    print(f"reliability diagram: {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
