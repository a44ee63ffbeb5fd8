"""Train the extractor's scorers on PolNeAR train and record how they were made.

    .venv/bin/python training/train_extractor.py            # rebuilds app/extraction/models/scorer*.json
                                                            # and models/model_card.json
    .venv/bin/python training/train_extractor.py --folds 4 --jobs 2 --work /tmp/claimbase-train

Needs the `train` extra (scikit-learn) and ../shared/polnear/train.jsonl. Steps:

1. Out-of-fold taggers: article i is in fold i % folds; each fold's candidates come from a tagger trained on
   the other folds, so the scorer learns how sure the tagger is on new text. The default path's tagger is
   the encoder (train_encoder.py; --tagger crf: crf_folds.py). One fold encoder (fold 0, trained on folds
   1-3) is what fits this machine in time: the scorer learns from fold 0's 210 articles, compared by
   2-fold cross-validation inside them (--scorer-folds), and the shipped encoder is that fold encoder
   (--final-encoder all trains one on every article instead).
2. Candidates of every train article (pipeline.candidates), each labelled right when its content (in
   PolNeAR's conventions) overlaps a gold content at IoU >= 0.5 and its source matches.
3. Two designs, compared on the same folds (train on three, score the fourth with PolNeAR's scorer):
   logistic regression and gradient-boosted trees, each with isotonic calibration; the threshold of the
   selection is chosen on the folds. The better design (content F1) is refit on every fold and stored.
4. The same for the fast path (rules alone, no tagger features).

Dev is never read here. Deterministic: fixed fold split, fixed seeds, single-threaded fits.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import encoder_tagger, merge, pipeline, provenance, scorer, tagger  # noqa: E402
from app.extraction.polnear_format import _polnear_extent, polnear_dicts, relative_source  # noqa: E402
from training import train_encoder  # noqa: E402
from training.crf_folds import FOLD_PARAMS, fold_key, train_folds  # noqa: E402
from training.train_tagger import load_jsonl, load_scorer  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"
# Selection thresholds tried on the folds, per path (the tagger's candidates reach lower probabilities).
THRESHOLDS = {
    "fast": [round(0.2 + 0.025 * i, 3) for i in range(15)],
    "full": [round(0.2 + 0.05 * i, 2) for i in range(8)],
}
# Thresholds within this much fold content F1 of the best are a tie; the highest of them is chosen: the same F1
# with fewer wrong suggestions stored and counted. The tie is the noise of the fold estimate between retrains:
# 0.0019-0.0022 after small rule changes (2026-12-05), and 0.004 at one threshold over six retrains after small
# rule changes on 2026-12-06 (content F1 at 0.25: 0.7376-0.7414), when a tie of 0.003 chose 0.25 or 0.30 by
# margins of 0.0001-0.0015. (Choosing on the mean of content, exact and content+source F1 instead was tried the
# same day: that mean is flat from 0.30 to 0.50, and the tie took 0.45, content F1 0.726 against 0.740 on the
# folds and recall 0.63 against 0.67: not kept.)
THRESHOLD_TIE = 0.005
GBT_PARAMS = {"n_estimators": 250, "max_depth": 3, "learning_rate": 0.08, "subsample": 0.8}
# The default path's trees are the average of three fits, one a random seed: one fit's choice of rows moved
# the folds' exact and content+source F1 by 0.003 (seeds 0 and 1, 2026-12-05), as much as most rule changes.
# The fast path keeps one: three cost it 28% of its speed for +0.0006 content F1 on the folds.
GBT_SEEDS = {"fast": 1, "full": 3}
LOGREG_PARAMS = {"C": 0.5, "max_iter": 3000}


def _chars(span: dict | None) -> set[int]:
    if span is None:
        return set()
    out: set[int] = set()
    for s, e in span.get("pieces") or [[span["start"], span["end"]]]:
        out.update(range(s, e))
    return out


def _nested_in(gold_content: set[int], cue: set[int], src: set[int], mine: set[int]) -> bool:
    """Whether a candidate is an attribution inside a gold content ("X reported that Y said Z"): PolNeAR
    gives every token to one attribution and leaves such an inner one to the outer, where the guidelines
    annotate both. Its cue and source lie inside the gold content and its content is most of what follows
    the cue there."""
    if not cue or not src or not cue <= gold_content or not src <= gold_content:
        return False
    after = {ch for ch in gold_content if ch >= max(cue)}
    return bool(after) and len(mine & after) / len(mine | after) >= 0.5


def labels(doc: dict, found: pipeline.Found) -> list[int]:
    """1 for a candidate whose content (with its lead piece, when it has one) matches a gold content (IoU >= 0.5
    in PolNeAR's conventions, or one piece of a split gold quotation) and whose source matches (overlap, or both
    absent), or that is an attribution nested in a gold content (_nested_in)."""
    gold = [
        (_chars(a["content"]), _chars(a["source"]), len(a["content"].get("pieces") or [1])) for a in doc["attributions"]
    ]
    out = []
    for c in found.cands:
        s, e = _polnear_extent(doc["text"], *c.content)
        mine = set(range(s, e))
        if c.lead is not None:  # what it will be once joined to its lead piece (pipeline._join_leads)
            mine |= set(range(*_polnear_extent(doc["text"], *c.lead)))
        src_span = relative_source(doc["text"], c.source, c.cue) if c.source and c.cue else None
        src = set(range(*(src_span or c.source))) if c.source else set()
        cue = set(range(*c.cue)) if c.cue else set()
        ok = int(any(_nested_in(g_con, cue, src, mine) for g_con, _, _ in gold))
        for g_con, g_src, n_pieces in gold:
            inter = len(mine & g_con)
            if not inter:
                continue
            match = inter / len(mine | g_con) >= 0.5 or (n_pieces > 1 and inter >= 0.9 * len(mine))
            if match and ((not g_src and not src) or bool(g_src & src)):
                ok = 1
                break
        out.append(ok)
    return out


def load_tagger(path: Path) -> tagger.TaggerModel | encoder_tagger.EncoderModel:
    """A fold tagger of either backend, by its file."""
    if path.suffix == ".onnx":
        return encoder_tagger.EncoderModel(path, train_encoder.encoder_dir() / "vocab.txt")
    return tagger.TaggerModel(path, tagger.LEXICON_PATH)


def build(docs: list[dict], models: list[Path] | None, folds: int) -> list[tuple[pipeline.Found, list[int]]]:
    out = []
    loaded = [load_tagger(p) for p in models] if models else None
    for i, d in enumerate(docs):
        found = pipeline.candidates(d["text"], loaded is not None, loaded[i % folds] if loaded else None)
        out.append((found, labels(d, found)))
    return out


def _matrix(data: list[tuple[pipeline.Found, list[int]]], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    index = {n: i for i, n in enumerate(names)}
    rows = [f for found, _ in data for f in found.features]
    x = np.zeros((len(rows), len(names)))
    for r, f in enumerate(rows):
        for k, v in f.items():
            j = index.get(k)
            if j is not None:
                x[r, j] = v
    y = np.array([lab for _, labs in data for lab in labs])
    return x, y


def _names(data: list[tuple[pipeline.Found, list[int]]], min_count: int = 5) -> list[str]:
    counts: dict[str, int] = {}
    for found, _ in data:
        for f in found.features:
            for k, v in f.items():
                if v:
                    counts[k] = counts.get(k, 0) + 1
    return sorted(k for k, n in counts.items() if n >= min_count)


def fit(design: str, x: np.ndarray, y: np.ndarray, seeds: int) -> object:
    if design == "logreg":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(**LOGREG_PARAMS).fit(x, y)
    from sklearn.ensemble import GradientBoostingClassifier

    return [GradientBoostingClassifier(**GBT_PARAMS, random_state=seed).fit(x, y) for seed in range(seeds)]


def export(
    design: str, model: object, names: list[str], cal: tuple[list[float], list[float]], threshold: float, version: str
) -> dict:
    spec: dict = {
        "model": design,
        "version": version,
        "features": names,
        "threshold": threshold,
        "calibration": {"x": cal[0], "y": cal[1]},
    }
    if design == "logreg":
        spec["weights"] = [round(float(w), 6) for w in model.coef_[0]]
        spec["bias"] = round(float(model.intercept_[0]), 6)
        return spec
    trees = []
    for est in (e for fit in model for e in fit.estimators_[:, 0]):
        t = est.tree_
        trees.append(
            {
                "f": [int(v) for v in t.feature],
                "t": [float(v) for v in t.threshold],  # unrounded: a rounded one splits values apart
                "l": [int(v) for v in t.children_left],
                "r": [int(v) for v in t.children_right],
                "v": [round(float(v), 6) for v in t.value[:, 0, 0]],
            }
        )
    spec["trees"] = trees
    rate = GBT_PARAMS["learning_rate"] / len(model)  # the average of the fits: each tree at rate / fits
    spec["learning_rate"] = rate
    zero = np.zeros((1, len(names)), dtype=np.float32)
    leaves = sum(float(e.tree_.value[e.apply(zero)[0], 0, 0]) for fit in model for e in fit.estimators_[:, 0])
    spec["init"] = float(raw_scores(design, model, zero)[0]) - rate * leaves
    return spec


def raw_scores(design: str, model: object, x: np.ndarray) -> np.ndarray:
    if design == "logreg":
        return model.decision_function(x)
    return np.mean([fit.decision_function(x) for fit in model], axis=0)


def isotonic(raw: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """The calibration map as (x, y) knots of a non-decreasing piecewise-linear function."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
    xs, ys = iso.X_thresholds_, iso.y_thresholds_
    return [round(float(v), 6) for v in xs], [round(float(v), 6) for v in ys]


def _apply(cal: tuple[list[float], list[float]], raw: np.ndarray) -> np.ndarray:
    return np.interp(raw, cal[0], cal[1])


def evaluate(docs: list[dict], data: list, probs: list[list[float]], threshold: float) -> dict:
    preds = {}
    for d, (found, _), p in zip(docs, data, probs, strict=True):
        res = pipeline.finish(copy.copy(found), p, threshold, "train")
        preds[d["doc_id"]] = polnear_dicts(d["text"], res)
    return load_scorer().score({d["doc_id"]: d for d in docs}, preds)


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (probs >= lo) & ((probs < hi) if b < bins - 1 else (probs <= hi))
        if m.any():
            total += m.sum() / len(probs) * abs(probs[m].mean() - y[m].mean())
    return float(total)


def cross_validate(design: str, docs: list[dict], data: list, folds: int, thresholds: list[float], seeds: int) -> dict:
    """Out-of-fold probabilities for every candidate, the best threshold, and the fold figures there."""
    names = _names(data)
    fold_of = [i % folds for i in range(len(docs))]
    raw_by_doc: list[np.ndarray | None] = [None] * len(docs)
    for k in range(folds):
        tr = [data[i] for i in range(len(docs)) if fold_of[i] != k]
        x, y = _matrix(tr, names)
        model = fit(design, x, y, seeds)
        for i in range(len(docs)):
            if fold_of[i] == k and data[i][0].features:
                raw_by_doc[i] = raw_scores(design, model, _matrix([data[i]], names)[0])
    probs_by_doc: list[list[float]] = [[] for _ in docs]
    all_p, all_y = [], []
    for k in range(folds):  # calibrate each fold with a map fitted on the other folds' out-of-fold scores
        other = [i for i in range(len(docs)) if fold_of[i] != k and raw_by_doc[i] is not None]
        cal = isotonic(
            np.concatenate([raw_by_doc[i] for i in other]), np.array([lab for i in other for lab in data[i][1]])
        )
        for i in range(len(docs)):
            if fold_of[i] == k and raw_by_doc[i] is not None:
                probs_by_doc[i] = [float(v) for v in _apply(cal, raw_by_doc[i])]
                all_p.extend(probs_by_doc[i])
                all_y.extend(data[i][1])
    at = {th: evaluate(docs, data, probs_by_doc, th)["metrics"] for th in thresholds}
    keys = ("content", "content exact", "content+source")
    by_threshold = {th: tuple(round(m[k]["f1"], 4) for k in keys) for th, m in at.items()}
    top = max(m["content"]["f1"] for m in at.values())
    chosen = max(th for th, m in at.items() if m["content"]["f1"] >= top - THRESHOLD_TIE)
    best = (chosen, at[chosen])
    raw_all = np.concatenate([r for r in raw_by_doc if r is not None])
    y_all = np.array([lab for i in range(len(docs)) if raw_by_doc[i] is not None for lab in data[i][1]])
    return {
        "threshold": best[0],
        "metrics": best[1],
        "f1_by_threshold": by_threshold,  # how flat the choice is: a retrain may take a neighbour
        "names": names,
        "raw": raw_all,
        "y": y_all,
        "candidate_ece": ece(np.array(all_p), np.array(all_y)),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _summary(m: dict) -> dict:
    keys = ("content", "content exact", "content+source")
    return {k: round(m[k]["f1"], 4) for k in keys} | {
        "content P": round(m["content"]["precision"], 4),
        "content R": round(m["content"]["recall"], 4),
    }


def train_path(
    path_name: str, docs: list[dict], data: list, folds: int, designs: list[str], out: Path, version: str
) -> dict:
    results = {}
    for design in designs:
        t0 = time.perf_counter()
        cv = cross_validate(design, docs, data, folds, THRESHOLDS[path_name], GBT_SEEDS[path_name])
        results[design] = cv
        print(
            f"  {path_name} {design}: threshold {cv['threshold']}  {_summary(cv['metrics'])}  "
            f"candidate ECE {cv['candidate_ece']:.3f}  ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        print(f"    F1 (content, exact, content+source) by threshold: {cv['f1_by_threshold']}", flush=True)
    chosen = max(designs, key=lambda d: results[d]["metrics"]["content"]["f1"])
    cv = results[chosen]
    x, y = _matrix(data, cv["names"])
    model = fit(chosen, x, y, GBT_SEEDS[path_name])
    cal = isotonic(cv["raw"], cv["y"])
    spec = export(chosen, model, cv["names"], cal, cv["threshold"], version)
    check = scorer.Scorer(spec)
    sample = x[:200]
    mine = np.array([check.raw(list(row)) for row in sample])
    assert np.allclose(mine, raw_scores(chosen, model, sample), atol=1e-3), "exported model disagrees with the fit"
    out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    return {
        "chosen": chosen,
        "threshold": cv["threshold"],
        "designs": {
            d: {
                "train_folds": _summary(r["metrics"]),
                "threshold": r["threshold"],
                "candidate_ece": round(r["candidate_ece"], 4),
            }
            for d, r in results.items()
        },
        "rules_digest": provenance.rules_digest(),  # the code that made and labelled the candidates
        "candidates": len(y),
        "positives": int(y.sum()),
        "features": len(cv["names"]),
    }


def ship_encoder(a: argparse.Namespace, docs: list[dict], fold_models: list[Path], params: dict) -> dict:
    """Put the shipped encoder in --out (fold 0's, or one trained on every article) and describe it."""
    model = a.out / encoder_tagger.MODEL_PATH.name
    info: dict = {"params": params, "package": train_encoder.ENCODER_PACKAGE, "files": train_encoder.ENCODER_SHA256}
    info["fold_keys"] = [p.name for p in fold_models]
    if a.final_encoder == "fold0":
        shutil.copyfile(fold_models[0], model)
        shutil.copyfile(train_encoder.encoder_dir() / "vocab.txt", a.out / encoder_tagger.VOCAB_PATH.name)
        info["shipped"] = "fold 0's encoder: trained on folds 1-3 (630 articles)"
    elif a.final_encoder == "all":
        info |= train_encoder.fit(docs, a.out, a.encoder_work, params, a.threads)
        info["shipped"] = f"trained on every train article ({len(docs)})"
    else:
        info["shipped"] = "kept as it was"
    info["model_sha256"] = sha256(model)
    info["vocab_sha256"] = sha256(a.out / encoder_tagger.VOCAB_PATH.name)
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2, help="parallel tagger trainings")
    ap.add_argument("--work", type=Path, default=Path("/tmp/claimbase-train"), help="fold taggers (cached)")
    ap.add_argument("--out", type=Path, default=scorer.MODEL_DIR)
    ap.add_argument("--designs", nargs="+", default=["logreg", "gbt"])
    ap.add_argument("--limit", type=int, default=0, help="first N train articles (quick trials)")
    ap.add_argument(
        "--tagger-folds",
        type=int,
        default=1,
        help="folds whose articles train the full path's scorer (each needs its own tagger; 2 for the CRF's "
        "protocol before the encoder, which one fold encoder fits this machine's time)",
    )
    ap.add_argument(
        "--scorer-folds",
        type=int,
        default=0,
        help="cross-validation folds of the full path's scorer over its articles (default: --tagger-folds, "
        "or 2 when that is 1)",
    )
    ap.add_argument("--tagger", choices=["encoder", "crf"], default=tagger.BACKEND, help="the default path's tagger")
    ap.add_argument(
        "--final-encoder",
        choices=["fold0", "all", "keep"],
        default="fold0",
        help="the shipped encoder: fold 0's (trained on folds 1-3), one trained on every article, or the one "
        "in --out as it is",
    )
    ap.add_argument("--encoder-work", type=Path, default=Path("/tmp/claimbase-encoder"), help="fold encoders")
    ap.add_argument("--threads", type=int, default=2, help="torch threads of the encoder's training")
    ap.add_argument("--only", choices=["fast", "full"], help="train one path's scorer")
    a = ap.parse_args()
    scorer_folds = a.scorer_folds or (a.tagger_folds if a.tagger_folds > 1 else 2)
    t0 = time.perf_counter()
    train_path_ = POLNEAR / "train.jsonl"
    docs = load_jsonl(train_path_)
    if a.limit:
        docs = docs[: a.limit]
    a.work.mkdir(parents=True, exist_ok=True)
    a.out.mkdir(parents=True, exist_ok=True)
    print(f"{len(docs)} train articles; fold taggers in {a.work}", flush=True)
    card: dict = {
        "data": {
            "polnear_train_sha256": sha256(train_path_),
            "articles": len(docs),
            "folds": a.folds,
            "fold_of_article": "index % folds",
        },
        "rules_modules": sorted(provenance.modules()),
        "tagger": {
            "backend": a.tagger,
            "model_sha256": sha256(tagger.MODEL_PATH),
            "lexicon_sha256": sha256(tagger.LEXICON_PATH),
            "fold_params": FOLD_PARAMS,
            "fold_key": fold_key(docs, a.folds),
        },
        "params": {
            "gbt": {**GBT_PARAMS, "seeds": GBT_SEEDS},
            "logreg": LOGREG_PARAMS,
            "thresholds": THRESHOLDS,
            "threshold_tie": THRESHOLD_TIE,
            "min_tagger_proposal": merge.MIN_PROPOSAL,
            "label": "content IoU >= 0.5 (PolNeAR conventions) and source overlaps",
        },
        "command": "python training/train_extractor.py " + " ".join(sys.argv[1:]),
    }
    card_path = a.out / "model_card.json"
    if a.only and card_path.is_file():
        before = json.loads(card_path.read_text(encoding="utf-8"))
        card = before | card
        card["tagger"] = before.get("tagger", {}) | card["tagger"]  # the other path's tagger stays described
    if a.only != "full":
        fast = build(docs, None, a.folds)
        print(f"fast candidates built ({time.perf_counter() - t0:.0f} s)", flush=True)
        card["fast"] = train_path(
            "fast", docs, fast, a.folds, a.designs, a.out / scorer.FAST_PATH.name, "scorer-fast-1"
        )
    if a.only != "fast":
        # The full path's scorer learns from the articles of the first --tagger-folds folds, each read by
        # a tagger trained on every other fold (a tagger per fold is the costly step on two cores).
        if a.tagger == "encoder":
            a.encoder_work.mkdir(parents=True, exist_ok=True)
            params = train_encoder.PARAMS
            fold_models = train_encoder.fold_models(docs, a.folds, a.tagger_folds, a.encoder_work, params, a.threads)
            card["tagger"]["encoder"] = ship_encoder(a, docs, fold_models, params)
        else:
            fold_models = train_folds(docs, a.folds, a.work, a.jobs, a.tagger_folds)
        print(f"fold taggers ready ({time.perf_counter() - t0:.0f} s)", flush=True)
        used = [d for i, d in enumerate(docs) if i % a.folds < a.tagger_folds]
        full = build(used, fold_models, a.tagger_folds)
        print(f"full candidates built ({time.perf_counter() - t0:.0f} s)", flush=True)
        out = a.out / scorer.FULL_PATH.name
        card["full"] = train_path("full", used, full, scorer_folds, a.designs, out, "scorer-2")
        card["full"]["articles"] = len(used)
        card["full"]["scorer_folds"] = scorer_folds
    card["artifacts_sha256"] = {p.name: sha256(a.out / p.name) for p in (scorer.FULL_PATH, scorer.FAST_PATH)}
    card["seconds"] = round(time.perf_counter() - t0)
    card_path.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=1))


if __name__ == "__main__":
    main()
