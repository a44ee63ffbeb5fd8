"""The probability that a candidate attribution is right, from its features (features.py).

"Right" is PolNeAR's and the guidelines' test: its content matches a human annotator's at character
overlap over union >= 0.5, with the same source. The model is learned on PolNeAR train
(training/train_extractor.py) and stored as plain JSON: either a logistic regression (weights) or
gradient-boosted trees (split feature, threshold, children, leaf values), followed by an isotonic
calibration map (raw score -> probability, piecewise linear). Reading it needs no scikit-learn.
"""

from __future__ import annotations

import bisect
import json
import math
import threading
from array import array
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "models"
FULL_PATH = MODEL_DIR / "scorer.json"  # rules + tagger candidates
FAST_PATH = MODEL_DIR / "scorer_fast.json"  # rules alone (the --fast path)


class Scorer:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.kind: str = spec["model"]
        self.names: list[str] = spec["features"]
        self.index = {n: i for i, n in enumerate(self.names)}
        self.threshold: float = float(spec["threshold"])
        self.version: str = spec["version"]
        cal = spec["calibration"]
        self.cal_x: list[float] = cal["x"]
        self.cal_y: list[float] = cal["y"]
        if self.kind == "logreg":
            self.weights: list[float] = spec["weights"]
            self.bias: float = spec["bias"]
        elif self.kind == "gbt":
            self.trees: list[dict[str, list]] = spec["trees"]
            self.init: float = spec["init"]
            self.rate: float = spec["learning_rate"]
        else:
            raise ValueError(f"unknown scorer model {self.kind!r}")

    @classmethod
    def load(cls, path: Path) -> Scorer:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def vector(self, feats: dict[str, float]) -> list[float]:
        x = [0.0] * len(self.names)
        for k, v in feats.items():
            i = self.index.get(k)
            if i is not None:
                x[i] = v
        return x

    def raw(self, x: list[float]) -> float:
        if self.kind == "logreg":
            return self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        total = self.init
        x = array("f", x)  # the trees split on float32 values, as scikit-learn's do (thresholds unrounded)
        for t in self.trees:
            feature, threshold, left, right, value = t["f"], t["t"], t["l"], t["r"], t["v"]
            node = 0
            while left[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += self.rate * value[node]
        return total

    def calibrate(self, raw: float) -> float:
        xs, ys = self.cal_x, self.cal_y
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)

    def probability(self, feats: dict[str, float]) -> float:
        return self.calibrate(self.raw(self.vector(feats)))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


_CACHE: dict[Path, Scorer | None] = {}
_LOCK = threading.Lock()


def load(path: Path) -> Scorer | None:
    """The scorer stored at path, loaded once; None when no scorer is shipped."""
    with _LOCK:
        if path not in _CACHE:
            _CACHE[path] = Scorer.load(path) if path.is_file() else None
        return _CACHE[path]
