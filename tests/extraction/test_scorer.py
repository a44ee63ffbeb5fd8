"""The scorer: its stored model read without scikit-learn, calibration, and confidence that ranks
right attributions above wrong ones."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.extraction import pipeline
from app.extraction.scorer import FULL_PATH, Scorer, load

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"


def _spec(model: str, **extra: object) -> dict:
    return {
        "model": model,
        "version": "t",
        "features": ["a", "b"],
        "threshold": 0.5,
        "calibration": {"x": [-2.0, 0.0, 2.0], "y": [0.1, 0.5, 0.9]},
    } | extra


def test_logistic_model_and_piecewise_linear_calibration() -> None:
    sc = Scorer(_spec("logreg", weights=[1.0, -1.0], bias=0.0))
    assert sc.probability({"a": 1.0}) == pytest.approx(0.7)  # raw 1.0, halfway between 0.5 and 0.9
    assert sc.probability({"b": 5.0}) == pytest.approx(0.1)  # clipped below
    assert sc.probability({"a": 1.0, "unknown": 9.0}) == pytest.approx(0.7)  # unseen features are ignored


def test_tree_model_walks_each_tree() -> None:
    tree = {"f": [0, -2, -2], "t": [0.5, 0.0, 0.0], "l": [1, -1, -1], "r": [2, -1, -1], "v": [0.0, -1.0, 1.0]}
    sc = Scorer(_spec("gbt", trees=[tree, tree], init=0.0, learning_rate=0.5))
    assert sc.raw(sc.vector({"a": 1.0})) == pytest.approx(1.0)
    assert sc.raw(sc.vector({})) == pytest.approx(-1.0)


def test_unknown_model_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="forest"):
        Scorer(_spec("forest"))


def _auc(pairs: list[tuple[float, int]]) -> float:
    pos = [p for p, y in pairs if y]
    neg = [p for p, y in pairs if not y]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _scored(text: str) -> list[tuple[str, float]]:
    found = pipeline.candidates(text)
    sc = load(FULL_PATH)
    assert sc is not None
    return [
        (text[c.content[0] : c.content[1]], sc.probability(f)) for c, f in zip(found.cands, found.features, strict=True)
    ]


def test_confidence_ranks_right_above_wrong_on_invented_examples() -> None:
    """tests/extraction/ranking.jsonl: invented sentences, each with a content that is (right: true) or
    is not (false) an attribution. Every labelled content must be among the candidates."""
    pairs = []
    for line in (HERE / "ranking.jsonl").read_text(encoding="utf-8").splitlines():
        ex = json.loads(line)
        scored = _scored(ex["text"])
        hits = [p for content, p in scored if ex["content"] in content or content in ex["content"]]
        if ex["right"]:
            assert hits, f"no candidate for {ex['content']!r}"
            pairs.append((max(hits), 1))
        else:
            pairs.append((max(hits, default=0.0), 0))
    assert _auc(pairs) >= 0.9


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "polnear" / "dev.jsonl").is_file(), reason="../shared is absent")
def test_confidence_ranks_right_above_wrong_on_polnear() -> None:
    """AUC of confidence against rightness over what the extractor writes on the first 25 dev articles."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("calibration", HERE.parents[1] / "benchmarks" / "calibration.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["calibration"] = mod
    spec.loader.exec_module(mod)
    docs = [json.loads(x) for x in (SHARED / "polnear" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:25]]
    pairs = mod.judged(docs, True)
    auc = _auc(pairs)
    assert auc >= 0.75 and not math.isnan(auc)
