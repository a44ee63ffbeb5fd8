"""The shipped scorers match the code and models they were trained with (models/model_card.json): a rule,
feature or label change after training fails here until `python training/train_extractor.py` is rerun."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.extraction import encoder_tagger, provenance, scorer, tagger

CARD = scorer.MODEL_DIR / "model_card.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def card() -> dict:
    return json.loads(CARD.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ["full", "fast"])
def test_each_scorer_was_trained_on_the_rules_as_they_are(card: dict, path: str) -> None:
    assert card[path]["rules_digest"] == provenance.rules_digest(), (
        f"the {path} scorer was trained on other rules: retrain (python training/train_extractor.py)"
    )


def test_the_card_names_the_artifacts_shipped(card: dict) -> None:
    assert card["tagger"]["backend"] == tagger.BACKEND
    if tagger.BACKEND == "encoder":
        assert card["tagger"]["encoder"]["model_sha256"] == _sha(encoder_tagger.MODEL_PATH)
        assert card["tagger"]["encoder"]["vocab_sha256"] == _sha(encoder_tagger.VOCAB_PATH)
    assert card["tagger"]["model_sha256"] == _sha(tagger.MODEL_PATH)
    assert card["tagger"]["lexicon_sha256"] == _sha(tagger.LEXICON_PATH)
    for p in (scorer.FULL_PATH, scorer.FAST_PATH):
        assert card["artifacts_sha256"][p.name] == _sha(p)
    assert card["rules_modules"] == sorted(provenance.modules())


def test_the_digest_ignores_comments_and_docstrings_but_not_code() -> None:
    import ast

    a = 'def f(x):\n    """Doc."""\n    return x + 1  # one\n'
    b = "def f(x):\n    # other comment\n    return (x + 1)\n"
    c = "def f(x):\n    return x + 2\n"
    canon = [provenance._canonical(ast.parse(s)) for s in (a, b, c)]
    assert canon[0] == canon[1] != canon[2]
