"""Out-of-fold CRF taggers: the tagger trained on every PolNeAR train fold but one, for each fold.

The scorer (train_extractor.py) learns from the tagger's proposals and marginals on train articles; on an
article the tagger was trained on they are far surer than on new text, so each fold's candidates come
from a tagger that never saw that fold. Uses the shipped cue lexicon and the shipped tagger's parameters.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from app.extraction import crf_features, segment, tagger
from app.extraction.crf_features import segments, sequence_features
from training import train_tagger
from training.train_tagger import char_roles, token_labels

CRF_PARAMS = {"c1": 0.5, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 2, "feature.possible_transitions": True}
# The fold taggers stop after fewer L-BFGS iterations than the shipped one (150): each took 42 minutes on a
# quiet machine at 150 and does not fit a shared one; they only stand in for the shipped tagger on text
# it never saw, and the calibration on dev (benchmarks/calibration.py) checks that they still do.
FOLD_PARAMS = CRF_PARAMS | {"max_iterations": 50}

_SEQS: list[list[tuple[list[str], list[str]]]] = []  # per article: (features, labels) per sequence


def _train(k: int, folds: int, path: Path) -> float:
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for di, seqs in enumerate(_SEQS):
        if di % folds != k:
            for feats, labels in seqs:
                trainer.append(feats, labels)
    trainer.set_params(FOLD_PARAMS)
    trainer.train(str(path))
    return time.perf_counter() - t0


def fold_key(docs: list[dict], folds: int) -> str:
    """What a fold tagger is made of: the CRF's parameters, the fold split, the train articles and their
    labels, the cue lexicon and the code of the token features and labels (not the rules: the tagger
    never reads them). A cached tagger is reused only under the same key."""
    h = hashlib.sha256()
    h.update(json.dumps({"params": FOLD_PARAMS, "folds": folds}, sort_keys=True).encode())
    h.update(json.dumps([(d["text"], d["attributions"], d["ignore_regions"]) for d in docs]).encode())
    h.update(tagger.LEXICON_PATH.read_bytes())
    for module in (crf_features, train_tagger):
        h.update(Path(module.__file__).read_bytes())
    h.update(segment.tokenizer_source().encode())
    return h.hexdigest()[:16]


def fold_model_path(work: Path, k: int, key: str) -> Path:
    return work / f"crf_fold{k}-{key}.crfsuite"


def train_folds(docs: list[dict], folds: int, work: Path, jobs: int, used: int | None = None) -> list[Path]:
    """Train (or reuse) the taggers of the first `used` folds (default: all); article i belongs to fold
    i % folds and the tagger of fold k is trained on every other fold."""
    key = fold_key(docs, folds)
    paths = [fold_model_path(work, k, key) for k in range(folds if used is None else used)]
    todo = [k for k, p in enumerate(paths) if not p.is_file()]
    if not todo:
        return paths
    lexicon = json.loads(tagger.LEXICON_PATH.read_text(encoding="utf-8"))
    _SEQS.clear()
    for d in docs:
        roles = char_roles(d)
        _SEQS.append(
            [
                (sequence_features(toks, lexicon), token_labels(toks, roles))
                for toks in segments(d["text"], d["ignore_regions"])
            ]
        )
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = {k: pool.submit(_train, k, folds, paths[k].with_suffix(".tmp")) for k in todo}
        for k, f in futures.items():
            took = f.result()
            paths[k].with_suffix(".tmp").rename(paths[k])
            print(f"  tagger fold {k}: {took:.0f} s", flush=True)
    return paths
