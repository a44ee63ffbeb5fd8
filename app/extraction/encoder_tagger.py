"""Trained attribution tagger on a small pretrained encoder (all-MiniLM-L6-v2, fine-tuned on PolNeAR train).

Another backend of tagger.py's interface: `tag(toks)` gives each word a BIO label of SOURCE / CUE / CONTENT
and the probability of its kind, and tagger.decode / tagger.read turn that into proposals. The words are
extraction's own (segment.tokens); the encoder sees each word as its WordPiece ids (wordpiece.py)
and a word's label is read at its first subword. A paragraph longer than MAX_SUBWORDS is read in windows.

It runs with ONNX Runtime on an int8 export committed under models/ (training/train_encoder.py builds it);
nothing is downloaded. A GPU is used when ONNX Runtime offers one; one CPU thread otherwise, so that
parallel extraction processes each use one core. The same text reads the same on every CPU
(`exact_int8_products`).

A paragraph the encoder cannot help with is not read (`worth_reading`): one with no quotation mark, no
colon and no cue word, of the learned cue lexicon or of the rules' cue verbs (`reading_lexicon`). Its words are
"O".
"""

from __future__ import annotations

import json
import os
import platform
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from app.extraction import lexicon as lx
from app.extraction.segment import Token
from app.extraction.wordpiece import WordPiece

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "attribution_encoder.int8.onnx"
VOCAB_PATH = MODEL_DIR / "encoder_vocab.txt"
LEXICON_PATH = MODEL_DIR / "cue_lexicon.json"
MODEL_VERSION = "minilm-1"
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
KINDS = ("SRC", "CUE", "CON")
MAX_SUBWORDS = 192  # per window, [CLS] and [SEP] included
BATCH = 4  # windows per run (measured on one core: 4 beat 1, 8, 16 and 32)
CUE_MARKS = frozenset("\"'`:\u201c\u201d\u2018\u2019\u00ab\u00bb\u2014\u2015")


def windows(pieces: list[tuple[int, ...]], max_len: int = MAX_SUBWORDS) -> list[tuple[int, int]]:
    """Consecutive [first word, last word + 1) ranges whose subwords fit max_len with [CLS] and [SEP]."""
    out: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, p in enumerate(pieces):
        n = min(len(p), max_len - 2)
        if used + n > max_len - 2 and i > start:
            out.append((start, i))
            start, used = i, 0
        used += n
    if start < len(pieces):
        out.append((start, len(pieces)))
    return out


def reading_lexicon(learned: dict[str, str]) -> dict[str, str]:
    """The cue words that make a paragraph worth reading at run time: the learned lexicon's, and every form of
    the rules' cue verbs. PolNeAR, whose words the lexicon was learned from, reports in the past tense; a text
    reporting in the present ("Prosecutors allege that …", "the union contends …") holds forms it never saw,
    and its paragraphs went unread. Training keeps the learned lexicon alone (its paragraphs, and the fold
    encoders' cache keys, stay as they were): a paragraph read in addition is one more the scorer weighs."""
    return {**dict.fromkeys(lx.VERB_CUES, "rules"), **learned}


def worth_reading(toks: list[Token], lexicon: dict[str, str]) -> bool:
    """Whether a paragraph may hold an attribution: a quotation mark, a colon or dash, or a cue word."""
    return any(t.text.lower() in lexicon or any(ch in CUE_MARKS for ch in t.text) for t in toks)


def encode(wp: WordPiece, pieces: list[tuple[int, ...]], a: int, b: int, max_len: int) -> tuple[list[int], list[int]]:
    """Subword ids of words a..b with [CLS]/[SEP], and the position of each word's first subword."""
    ids = [wp.cls]
    first: list[int] = []
    for p in pieces[a:b]:
        first.append(len(ids))
        ids.extend(p[: max_len - 2])
    ids.append(wp.sep)
    return ids, first


def labels_from_probs(p: Sequence[Sequence[float]] | np.ndarray) -> tuple[list[str], list[float]]:
    """Posterior decoding, for either tagger (the encoder's softmax, the CRF's marginals), rows of label
    probabilities in LABELS order: per word the kind with the largest probability, B and I summed; a new
    chunk starts where the kind changes or where B- outweighs I- of the same kind."""
    labels: list[str] = []
    probs: list[float] = []
    prev = "O"
    for row in p:
        kind, best, begin = "O", float(row[0]), False
        for k, name in enumerate(KINDS):
            b, inner = float(row[1 + 2 * k]), float(row[2 + 2 * k])
            if b + inner > best:
                kind, best, begin = name, b + inner, b > inner
        if kind == "O":
            labels.append("O")
        else:
            labels.append(("B-" if begin or prev != kind else "I-") + kind)
        probs.append(best)
        prev = kind
    return labels, probs


_X86 = frozenset({"x86_64", "amd64", "i386", "i686", "x86"})
# CPU flags of the instructions that multiply-add 8-bit integers without an intermediate 16-bit sum.
_VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})
# ONNX Runtime's session entry for it (onnxruntime_session_options_config_keys.h): int8 weights read as uint8.
_U8U8_ENTRY = "session.x64quantprecision"


def exact_int8_products(machine: str | None = None, cpuinfo: str | None = None) -> bool:
    """Whether ONNX Runtime must be told to keep the int8 products exact on this CPU.

    On an x86 CPU without VNNI (AVX2, or AVX-512 without VNNI) ONNX Runtime's int8 kernels add two products of
    an 8-bit activation and an 8-bit weight in a 16-bit register that saturates, where a VNNI CPU (or an ARM
    one) sums them exactly. Measured on an AVX2 machine: 34 of 44,118 word labels of 40 PolNeAR dev texts
    differed from the exact products' (probabilities by up to 0.064), so one article gave different
    attributions on two machines. The session entry has ONNX Runtime read the weights as uint8, whose kernels
    do not saturate: exact, for 12-17% more of the encoder's time, paid only on those CPUs. An x86 CPU whose
    flags cannot be read is taken as one without VNNI."""
    machine = (machine if machine is not None else platform.machine()).lower()
    if machine not in _X86:
        return False
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return True
    flags = next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), [])
    return not _VNNI_FLAGS.intersection(flags)


class EncoderModel:
    """The ONNX encoder tagger, its vocabulary and the cue lexicon of worth_reading."""

    backend = "encoder"

    def __init__(
        self,
        model_path: Path = MODEL_PATH,
        vocab_path: Path = VOCAB_PATH,
        lexicon_path: Path = LEXICON_PATH,
        exact_products: bool | None = None,
    ):
        """`exact_products`: keep int8 products exact (None: where this CPU needs telling, `exact_int8_products`)."""
        import onnxruntime as ort  # deferred: importing the extractor must not require the runtime

        for p in (model_path, vocab_path, lexicon_path):
            if not p.is_file():
                raise FileNotFoundError(f"encoder tagger file missing: {p}")
        self.wordpiece = WordPiece(vocab_path)
        self.lexicon = reading_lexicon(json.loads(lexicon_path.read_text(encoding="utf-8")))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(os.environ.get("CLAIMBASE_ENCODER_THREADS", "1"))
        opts.inter_op_num_threads = 1
        if exact_products if exact_products is not None else exact_int8_products():
            opts.add_session_config_entry(_U8U8_ENTRY, "1")
        gpu = [p for p in ("CUDAExecutionProvider",) if p in ort.get_available_providers()]
        self._session = ort.InferenceSession(str(model_path), opts, providers=[*gpu, "CPUExecutionProvider"])
        self._lock = threading.Lock()
        self.read_words = 0  # words the encoder read, and words it skipped (worth_reading), since loading
        self.skipped_words = 0

    def tag_many(self, seqs: list[list[Token]]) -> list[tuple[list[str], list[float]]]:
        """Labels and probabilities of each paragraph of one text. The windows of the paragraphs worth
        reading are run BATCH at a time, sorted by length (little padding): about 40% more words per
        second than one at a time on one core. A window's result may differ in the last digits with the
        windows beside it (int8 activations are scaled per batch); the same text always reads the same."""
        probs = [np.zeros((len(t), len(LABELS)), dtype=np.float32) for t in seqs]
        jobs: list[tuple[int, int, int, list[int], list[int]]] = []
        read = [worth_reading(t, self.lexicon) for t in seqs]
        for si, toks in enumerate(seqs):
            if not read[si]:
                self.skipped_words += len(toks)
                continue
            self.read_words += len(toks)
            pieces = [self.wordpiece.encode(t.text) for t in toks]
            for a, b in windows(pieces):
                ids, first = encode(self.wordpiece, pieces, a, b, MAX_SUBWORDS)
                jobs.append((si, a, b, ids, first))
        jobs.sort(key=lambda j: (len(j[3]), j[0], j[1]))
        for i in range(0, len(jobs), BATCH):
            group = jobs[i : i + BATCH]
            x = np.full((len(group), max(len(j[3]) for j in group)), self.wordpiece.pad, dtype=np.int64)
            mask = np.zeros_like(x)
            for r, (_, _, _, ids, _) in enumerate(group):
                x[r, : len(ids)] = ids
                mask[r, : len(ids)] = 1
            with self._lock:
                (p,) = self._session.run(None, {"input_ids": x, "attention_mask": mask})
            for r, (si, a, b, _, first) in enumerate(group):
                probs[si][a:b] = p[r, first]
        return [
            labels_from_probs(probs[si]) if read[si] else (["O"] * len(toks), [1.0] * len(toks))
            for si, toks in enumerate(seqs)
        ]

    def tag(self, toks: list[Token]) -> tuple[list[str], list[float]]:
        return self.tag_many([toks])[0]


_MODEL: EncoderModel | None = None
_LOAD_LOCK = threading.Lock()


def model_available() -> bool:
    return MODEL_PATH.is_file() and VOCAB_PATH.is_file() and LEXICON_PATH.is_file()


def get_model() -> EncoderModel:
    global _MODEL
    if _MODEL is None:
        with _LOAD_LOCK:
            if _MODEL is None:
                _MODEL = EncoderModel()
    return _MODEL
