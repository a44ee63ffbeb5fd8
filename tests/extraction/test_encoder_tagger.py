"""The encoder tagger's subword encoding, windows and label reading (no model needed), and the shipped
ONNX model on sentences written for these tests (skipped when it is not shipped)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from app.extraction import encoder_tagger as enc
from app.extraction.crf_features import segments
from app.extraction.wordpiece import WordPiece, basic_pieces

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "un", "##aff", "##able", ",", ".", "u", "s", "cafe", "said"]


@pytest.fixture
def wp(tmp_path: Path) -> WordPiece:
    path = tmp_path / "vocab.txt"
    path.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    return WordPiece(path)


def test_wordpiece_greedy_longest_match(wp: WordPiece) -> None:
    assert [VOCAB[i] for i in wp.encode("Unaffable")] == ["un", "##aff", "##able"]


def test_wordpiece_lowercases_strips_accents_and_splits_punctuation(wp: WordPiece) -> None:
    assert [VOCAB[i] for i in wp.encode("Café")] == ["cafe"]
    assert [VOCAB[i] for i in wp.encode("U.S.")] == ["u", ".", "s", "."]
    assert basic_pieces("don't") == ["don", "'", "t"]


def test_every_word_has_a_subword(wp: WordPiece) -> None:
    assert wp.encode("zebra") == (wp.unk,)  # no piece of it in the vocabulary: the whole word is unknown
    assert wp.encode("\u200b") == (wp.unk,)  # a format character BERT drops
    assert wp.encode("x" * 150) == (wp.unk,)


def test_windows_cover_every_word_once_within_the_length() -> None:
    pieces = [(5,) * (1 + i % 4) for i in range(200)]
    wins = enc.windows(pieces, 32)
    assert wins[0][0] == 0 and wins[-1][1] == len(pieces)
    for (a, b), (c, _) in itertools.pairwise(wins):
        assert b == c and a < b
    for a, b in wins:
        assert sum(len(p) for p in pieces[a:b]) <= 30
    long_word = [(7,) * 100]
    assert enc.windows(long_word, 32) == [(0, 1)]


def test_encode_marks_each_words_first_subword(wp: WordPiece) -> None:
    pieces = [wp.encode(w) for w in ("The", "unaffable", "said")]
    ids, first = enc.encode(wp, pieces, 0, 3, 64)
    assert ids[0] == wp.cls and ids[-1] == wp.sep
    assert [VOCAB[ids[i]] for i in first] == ["the", "un", "said"]


def test_labels_from_probs_sums_begin_and_inside() -> None:
    # columns: O, B-SRC, I-SRC, B-CUE, I-CUE, B-CON, I-CON
    p = np.array(
        [
            [0.4, 0.35, 0.25, 0, 0, 0, 0],  # SRC 0.6 beats O 0.4, B > I: a new chunk
            [0.1, 0.0, 0.0, 0.9, 0.0, 0, 0],
            [0.2, 0, 0, 0, 0, 0.1, 0.7],  # CON after CUE: begins though I > B
            [0.1, 0, 0, 0, 0, 0.6, 0.3],  # B-CON outweighs I-CON: a second content chunk
            [0.9, 0, 0, 0, 0, 0.05, 0.05],
        ]
    )
    labels, probs = enc.labels_from_probs(p)
    assert labels == ["B-SRC", "B-CUE", "B-CON", "B-CON", "O"]
    assert probs == pytest.approx([0.6, 0.9, 0.8, 0.9, 0.9])


def test_worth_reading_needs_a_cue_word_or_a_mark() -> None:
    lexicon = {"said": "hi"}
    text = "The bridge opened in May.\nShe said it would.\nIt is “open” now."
    paras = segments(text, [])
    assert [enc.worth_reading(t, lexicon) for t in paras] == [False, True, True]


skip_no_model = pytest.mark.skipif(not enc.model_available(), reason="encoder model not shipped")


@skip_no_model
def test_shipped_model_reads_reported_speech() -> None:
    from app.extraction import tagger

    text = "The harbour master said that the new pier would open to ferries next spring."
    m = enc.get_model()
    toks = segments(text, [])[0]
    labels, probs = m.tag(toks)
    assert len(labels) == len(toks) and all(0.0 <= p <= 1.0 for p in probs)
    props = tagger.decode(text, toks, labels, probs)
    assert any("pier would open" in p.content.text for p in props), props
    assert any(p.cue is not None and "said" in p.cue.text for p in props)


@skip_no_model
def test_shipped_model_reads_a_long_paragraph_in_windows() -> None:
    sentence = "The committee chair said the budget would be balanced by the end of the year. "
    text = sentence * 30  # far more subwords than one window
    toks = segments(text, [])[0]
    labels, probs = enc.get_model().tag(toks)
    assert len(labels) == len(toks) == len(probs)
    assert sum(lab.endswith("CON") for lab in labels) > len(toks) // 3


_AVX2_ONLY = "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma bmi2\n"


def test_int8_products_are_kept_exact_where_the_cpu_would_saturate_them() -> None:
    assert enc.exact_int8_products("x86_64", _AVX2_ONLY)
    assert enc.exact_int8_products("AMD64", "")  # flags not read: taken as a CPU without VNNI
    assert not enc.exact_int8_products("x86_64", _AVX2_ONLY.replace("avx2", "avx2 avx512_vnni"))
    assert not enc.exact_int8_products("x86_64", _AVX2_ONLY.replace("avx2", "avx2 avx_vnni"))
    assert not enc.exact_int8_products("aarch64", _AVX2_ONLY)  # its int8 kernels sum without saturating


_PARAGRAPHS = [
    "“We will not close the harbour before the storm has passed,” the port director said on Monday, adding "
    "that two ferries had already been moved.",
    "The minister said on Tuesday that the government would raise taxes on fuel, a move critics called reckless.",
    "According to a city engineer, the old pier could give way if the tide rises another metre.",
    "The report, released Thursday by the agency, found that emissions rose 4 percent last year.",
    "Harbour pilots said the channel was safe, but the mayor’s office insisted that inspections continue.",
]


@skip_no_model
def test_the_shipped_model_reads_alike_on_every_cpu() -> None:
    """As loaded, the model reads as with exact int8 products (what a VNNI CPU computes); where this CPU would
    saturate them, reading them as it sums them is measurably different, which the default avoids."""
    seqs = [segments(p, [])[0] for p in _PARAGRAPHS]
    loaded = enc.EncoderModel().tag_many(seqs)
    exact = enc.EncoderModel(exact_products=True).tag_many(seqs)
    assert [probs for _, probs in loaded] == [probs for _, probs in exact]
    if enc.exact_int8_products():
        summed = enc.EncoderModel(exact_products=False).tag_many(seqs)
        gap = max(abs(a - b) for (_, p), (_, q) in zip(summed, exact, strict=True) for a, b in zip(p, q, strict=True))
        assert gap > 1e-3


def test_a_paragraph_reporting_in_a_tense_the_learned_lexicon_lacks_is_read() -> None:
    # the learned lexicon comes from past-tense political news; the rules' cue verbs hold every form
    toks = segments("The union contends that the night shifts are unsafe.", [])[0]
    assert not enc.worth_reading(toks, {"said": "hi"})
    assert enc.worth_reading(toks, enc.reading_lexicon({"said": "hi"}))


@skip_no_model
def test_the_shipped_model_reads_a_present_tense_cue_paragraph() -> None:
    from app.extraction import tagger

    text = "The trial opened on Monday.\n\nThe union contends that the night shifts at the depot are unsafe."
    m = enc.get_model()
    assert "contends" not in json.loads(enc.LEXICON_PATH.read_text(encoding="utf-8"))  # what the test is about
    toks = segments(text, [])[1]
    labels, probs = m.tag(toks)
    props = tagger.decode(text, toks, labels, probs)
    assert any("night shifts" in p.content.text for p in props), props
