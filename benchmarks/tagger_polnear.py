"""Run the trained tagger over PolNeAR dev, score it with PolNeAR's scorer and print words/s.

    .venv/bin/python benchmarks/tagger_polnear.py [--min-score 0.6] [--out preds.jsonl]

Needs ../shared/polnear (dev.jsonl and score.py); exits with a message when it is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import tagger  # noqa: E402
from app.extraction.types import Span  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"


def _span(s: Span | None) -> dict | None:
    return None if s is None else {"text": s.text, "start": s.start, "end": s.end}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-score", type=float, default=tagger.MIN_SCORE, help="drop proposals scored below")
    ap.add_argument("--out", type=Path, help="where to write the predictions (default: a temp file)")
    ap.add_argument("--repeat", type=int, default=3, help="timing passes (best one is reported)")
    a = ap.parse_args()
    dev_path, scorer = POLNEAR / "dev.jsonl", POLNEAR / "score.py"
    if not dev_path.is_file() or not scorer.is_file():
        sys.exit(f"PolNeAR dev or scorer not found under {POLNEAR}")
    if not tagger.model_available():
        sys.exit(f"no tagger model at {tagger.MODEL_PATH}; run training/train_tagger.py")
    with dev_path.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]

    t0 = time.perf_counter()
    tagger.get_model()
    load_s = time.perf_counter() - t0
    # CPU time of this process, not wall time: other jobs on the machine must not count against us.
    best = float("inf")
    for _ in range(max(1, a.repeat)):
        t0 = time.process_time()
        results = [tagger.propose(d["text"], [], min_score=a.min_score) for d in docs]
        best = min(best, time.process_time() - t0)
    words = sum(len(d["text"].split()) for d in docs)

    out = a.out or Path(tempfile.mkdtemp(prefix="tagger_polnear_")) / "dev_predictions.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for d, props in zip(docs, results, strict=True):
            rows = []
            for p in props:
                content = _span(p.content)
                content["pieces"] = [[x.start, x.end] for x in p.pieces]
                rows.append({"content": content, "cue": _span(p.cue), "source": _span(p.source)})
            fh.write(json.dumps({"doc_id": d["doc_id"], "attributions": rows}) + "\n")
    subprocess.run([sys.executable, str(scorer), str(dev_path), str(out)], check=True)
    size = sum(p.stat().st_size for p in tagger.MODEL_DIR.iterdir() if p.is_file())
    print(f"predictions: {out}")
    print(f"model files: {size / 1e6:.2f} MB; load {load_s:.2f}s")
    print(f"speed: {words} words in {best:.2f}s = {words / best:,.0f} words/s (CPU time, one core, tagger only)")


if __name__ == "__main__":
    main()
