"""Train the attribution CRF on PolNeAR train and print its PolNeAR dev scores.

    .venv/bin/python training/train_tagger.py            # rebuilds app/extraction/models/
    .venv/bin/python training/train_tagger.py --out /tmp/m --c1 0.2 --c2 0.01

Reproducible: crfsuite's L-BFGS is deterministic and the data order is fixed. Dev is for model selection
only; the PolNeAR test split is held out and never read here.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import multiprocessing
import sys
import time
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extraction import tagger  # noqa: E402
from app.extraction.crf_features import segments, sequence_features, stacked_features  # noqa: E402
from app.extraction.segment import Token  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear"
ROLES = (("source", "SRC"), ("cue", "CUE"), ("content", "CON"))


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def char_roles(doc: dict) -> dict[int, tuple[int, str]]:
    """char offset -> (attribution index, role); source and cue win over an overlapping content."""
    out: dict[int, tuple[int, str]] = {}
    for priority in ("CON", "SRC_CUE"):
        for ai, a in enumerate(doc["attributions"]):
            for key, role in ROLES:
                if (role == "CON") != (priority == "CON") or not a[key]:
                    continue
                for s, e in a[key]["pieces"]:
                    for c in range(s, e):
                        out[c] = (ai, role)
    return out


def token_labels(toks: list[Token], roles: dict[int, tuple[int, str]]) -> list[str]:
    labels = []
    prev: tuple[int, str] | None = None
    for t in toks:
        hit = next((roles[c] for c in range(t.start, t.end) if c in roles), None)
        if hit is None:
            labels.append("O")
        else:
            labels.append(("I-" if hit == prev else "B-") + hit[1])
        prev = hit
    return labels


def build_lexicon(docs: list[dict], min_count: int, hi: float, lo: float) -> dict[str, str]:
    """Cue words by how often a word is (part of) a cue when it occurs at all."""
    as_cue: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for d in docs:
        roles = char_roles(d)
        for toks in segments(d["text"], d["ignore_regions"]):
            for t in toks:
                w = t.text.lower()
                total[w] += 1
                if roles.get(t.start, (0, ""))[1] == "CUE":
                    as_cue[w] += 1
    lex = {}
    for w, k in as_cue.items():
        if k < min_count or not any(c.isalpha() for c in w):
            continue
        ratio = k / total[w]
        if ratio >= hi:
            lex[w] = "hi"
        elif ratio >= lo:
            lex[w] = "lo"
    return dict(sorted(lex.items()))


def load_scorer() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_score", POLNEAR / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predictions(docs: list[dict], model: tagger.TaggerModel, min_score: float) -> dict[str, list[dict]]:
    def span(s: tagger.Span | None) -> dict | None:
        return None if s is None else {"text": s.text, "start": s.start, "end": s.end}

    out = {}
    for d in docs:
        rows = []
        for p in tagger.propose(d["text"], [], model, min_score):
            content = span(p.content)
            content["pieces"] = [[x.start, x.end] for x in p.pieces]
            rows.append({"content": content, "cue": span(p.cue), "source": span(p.source)})
        out[d["doc_id"]] = rows
    return out


def report(gold: list[dict], preds: dict[str, list[dict]]) -> dict:
    res = load_scorer().score({d["doc_id"]: d for d in gold}, preds)
    m = res["metrics"]
    for name in (
        "content",
        "content+source",
        "content+cue",
        "cue (spans)",
        "source (spans)",
    ):
        x = m[name]
        print(f"  {name:16s} P {x['precision']:.4f}  R {x['recall']:.4f}  F1 {x['f1']:.4f}")
    for k, v in res["recall_by_gold_category"].items():
        print(f"  recall {k:46s} {v['recall']:.4f} ({v['found']}/{v['total']})")
    return res


# Per article: its training sequences as (tokens, features, labels). Module-level so that forked
# fold workers share it instead of pickling it.
_SEQS: list[list[tuple[list[Token], list[list[str]], list[str]]]] = []


def _train(doc_ids: list[int], path: Path, params: dict) -> float:
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for di in doc_ids:
        for _, feats, labels in _SEQS[di]:
            trainer.append(feats, labels)
    trainer.set_params(params)
    trainer.train(str(path))
    return time.perf_counter() - t0


def _fold(k: int, folds: int, params: dict, path: Path) -> dict[int, list[list[str]]]:
    """Train on the other folds and tag this one: stage-1 labels as they look on unseen text."""
    import pycrfsuite

    n = len(_SEQS)
    _train([i for i in range(n) if i % folds != k], path, params)
    tg = pycrfsuite.Tagger()
    tg.open(str(path))
    out = {i: [tg.tag(feats) for _, feats, _ in _SEQS[i]] for i in range(n) if i % folds == k}
    path.unlink()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=tagger.MODEL_DIR)
    ap.add_argument(
        "--c1",
        type=float,
        default=0.5,
        help="L1 weight (prunes features, keeps the model small)",
    )
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--min-freq", type=float, default=2, help="drop features seen fewer times")
    ap.add_argument("--lex-min", type=int, default=5)
    ap.add_argument("--lex-hi", type=float, default=0.3)
    ap.add_argument("--lex-lo", type=float, default=0.1)
    ap.add_argument(
        "--stack",
        type=int,
        default=4,
        help="folds for the stacked first pass; 0: one pass",
    )
    ap.add_argument("--jobs", type=int, default=2, help="parallel trainings (folds)")
    ap.add_argument(
        "--thresholds",
        type=float,
        nargs="+",
        default=[0.0],
        help="min proposal scores to try",
    )
    ap.add_argument(
        "--eval-only",
        action="store_true",
        help="score the model already in --out on dev",
    )
    ap.add_argument(
        "--limit",
        type=int,
        default=0,
        help="train on the first N articles (quick trials)",
    )
    a = ap.parse_args()

    train = load_jsonl(POLNEAR / "train.jsonl")
    if a.limit:
        train = train[: a.limit]
    dev = load_jsonl(POLNEAR / "dev.jsonl")
    a.out.mkdir(parents=True, exist_ok=True)
    model_path, lex_path = (
        a.out / tagger.MODEL_PATH.name,
        a.out / tagger.LEXICON_PATH.name,
    )
    stage1_path = a.out / tagger.STAGE1_PATH.name
    t0 = time.perf_counter()
    if not a.eval_only:
        lexicon = build_lexicon(train, a.lex_min, a.lex_hi, a.lex_lo)
        lex_path.write_text(json.dumps(lexicon, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        for d in train:
            roles = char_roles(d)
            _SEQS.append(
                [
                    (toks, sequence_features(toks, lexicon), token_labels(toks, roles))
                    for toks in segments(d["text"], d["ignore_regions"])
                ]
            )
        ntok = sum(len(t) for seqs in _SEQS for t, _, _ in seqs)
        print(f"lexicon {len(lexicon)} words; {ntok} training tokens; features in {time.perf_counter() - t0:.1f}s")
        params = {
            "c1": a.c1,
            "c2": a.c2,
            "max_iterations": a.max_iter,
            "feature.minfreq": a.min_freq,
            "feature.possible_transitions": True,
        }
        all_ids = list(range(len(_SEQS)))
        stage1_path.unlink(missing_ok=True)
        if a.stack:
            t1 = time.perf_counter()
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=a.jobs, mp_context=ctx) as pool:
                full = pool.submit(_train, all_ids, stage1_path, params)
                folds = [
                    pool.submit(_fold, k, a.stack, params, a.out / f"fold{k}.tmp.crfsuite") for k in range(a.stack)
                ]
                prior: dict[int, list[list[str]]] = {}
                for f in folds:
                    prior.update(f.result())
                full.result()
            print(f"stage 1 ({a.stack} folds + full) in {time.perf_counter() - t1:.1f}s")
            for di, seqs in enumerate(_SEQS):
                _SEQS[di] = [
                    (toks, stacked_features(toks, feats, p), labels)
                    for (toks, feats, labels), p in zip(seqs, prior[di], strict=True)
                ]
        took = _train(all_ids, model_path, params)
        size = sum(p.stat().st_size for p in (model_path, stage1_path, lex_path) if p.is_file())
        print(f"final model trained in {took:.1f}s; total {time.perf_counter() - t0:.1f}s; files {size / 1e6:.2f} MB")
    model = tagger.TaggerModel(model_path, lex_path, stage1_path)
    for min_score in a.thresholds:
        print(f"dev (min score {min_score}):")
        report(dev, predictions(dev, model, min_score))


if __name__ == "__main__":
    main()
