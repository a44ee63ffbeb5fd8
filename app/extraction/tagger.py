"""Trained attribution tagger over paragraph token sequences: a fine-tuned encoder (encoder_tagger.py, the
default path's) or a linear-chain CRF (this module's TaggerModel).

It tags each token as part of a SOURCE, a CUE or a CONTENT (BIO), then links every content chunk to its
nearest cue and source. It reaches the broad PolNeAR notion of attribution (beliefs, intentions,
evidence cues) that hand-written rules miss; the rules pipeline decides how to merge both.
The model is committed under models/ and loaded lazily once; nothing is downloaded.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from app.extraction import encoder_tagger
from app.extraction.crf_features import (
    Token,
    paragraph_segments,
    sequence_features,
    stacked_features,
)
from app.extraction.types import Span

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "attribution_crf.crfsuite"
# First pass of the stacked model: its labels are features of the second pass (MODEL_PATH).
STAGE1_PATH = MODEL_DIR / "attribution_crf_stage1.crfsuite"
LEXICON_PATH = encoder_tagger.LEXICON_PATH  # one cue lexicon for both taggers
MODEL_VERSION = "crf-1"
# Which tagger the default path reads: "encoder" (encoder_tagger.py: all-MiniLM-L6-v2 fine-tuned on PolNeAR
# train, int8 ONNX) or "crf". The shipped scorer (models/scorer.json) was trained on this one's candidates.
BACKEND = "encoder"
# Posterior decoding finds many half-sure fragments; below this mean content probability they cost
# more precision than they bring recall (chosen on PolNeAR dev, flat between 0.55 and 0.65).
MIN_SCORE = 0.6

QUOTE_CHARS = frozenset("\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb")
# An aside splitting a clause ("A, officials said on Monday, B") is a few words between two commas, within
# one sentence.
MAX_ASIDE = 14
_CLAUSE_BREAKS = frozenset(".!?;:")
# The most untagged words inside one content that decoding fills ("the company at the centre of the row has …").
MAX_HOLE = 3
LABELS = encoder_tagger.LABELS


@dataclass(slots=True)
class Proposal:
    content: Span  # envelope of all pieces
    cue: Span | None
    source: Span | None
    score: float  # mean marginal probability that its tokens are content, 0..1
    # Parts of a content split by its own cue ('"A," she said, "B."'); a single piece otherwise.
    pieces: tuple[Span, ...] = ()
    # The two pieces are a clause its source and cue split, set off by commas ("A, officials said, B").
    aside: bool = False


class TaggerModel:
    """A loaded CRF plus the cue lexicon its features were trained with."""

    backend = "crf"

    def __init__(self, model_path: Path, lexicon_path: Path, stage1_path: Path | None = None) -> None:
        import pycrfsuite  # deferred: importing the extractor must not require the model

        if not model_path.is_file() or not lexicon_path.is_file():
            raise FileNotFoundError(f"tagger model missing: {model_path} / {lexicon_path}")
        self.lexicon: dict[str, str] = json.loads(lexicon_path.read_text(encoding="utf-8"))
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._stage1 = None
        if stage1_path is not None and stage1_path.is_file():
            self._stage1 = pycrfsuite.Tagger()
            self._stage1.open(str(stage1_path))
        # crfsuite's Tagger keeps per-sequence state, so concurrent callers must take turns.
        self._lock = threading.Lock()

    def tag(self, toks: list[Token]) -> tuple[list[str], list[float]]:
        """Labels of one sequence by posterior decoding, and each chosen kind's marginal probability.

        Each token takes the kind (O, SRC, CUE, CON) with the largest marginal, B and I summed, rather
        than the single best path: the path drops contents the model is only half sure of, and
        PolNeAR's contents are many and long, so recall is worth more than the path's tidiness.
        A new chunk starts where the kind changes or where B- outweighs I- of the same kind.
        """
        feats = sequence_features(toks, self.lexicon)
        with self._lock:
            if self._stage1 is not None:
                feats = stacked_features(toks, feats, self._stage1.tag(feats))
            self._tagger.set(feats)
            marginal = self._tagger.marginal
            rows = [[marginal(label, i) for label in LABELS] for i in range(len(toks))]
        return encoder_tagger.labels_from_probs(rows)


_MODEL: TaggerModel | None = None
_LOAD_LOCK = threading.Lock()


def model_available() -> bool:
    if BACKEND == "encoder":
        return encoder_tagger.model_available()
    return MODEL_PATH.is_file() and LEXICON_PATH.is_file()


def model_version() -> str:
    return encoder_tagger.MODEL_VERSION if BACKEND == "encoder" else MODEL_VERSION


def get_model() -> TaggerModel | encoder_tagger.EncoderModel:
    global _MODEL
    if BACKEND == "encoder":
        return encoder_tagger.get_model()
    if _MODEL is None:
        with _LOAD_LOCK:
            if _MODEL is None:
                _MODEL = TaggerModel(MODEL_PATH, LEXICON_PATH, STAGE1_PATH)
    return _MODEL


def _chunks(labels: list[str]) -> list[tuple[str, int, int]]:
    """(kind, first, last+1) runs; an I- without a matching B- starts a new chunk."""
    out: list[tuple[str, int, int]] = []
    kind, begin = "", -1
    for i, lab in enumerate(labels):
        tag, _, k = lab.partition("-")
        if tag == "I" and k == kind:
            continue
        if kind:
            out.append((kind, begin, i))
        kind, begin = (k, i) if tag in ("B", "I") else ("", -1)
    if kind:
        out.append((kind, begin, len(labels)))
    return out


def _gap(a: tuple[str, int, int], b: tuple[str, int, int]) -> int:
    if a[2] <= b[1]:
        return b[1] - a[2]
    if b[2] <= a[1]:
        return a[1] - b[2]
    return 0


def _nearest(target: tuple[str, int, int], pool: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    return min(pool, key=lambda c: (_gap(target, c), c[1]), default=None)


def _quoted(toks: list[Token], chunk: tuple[str, int, int]) -> bool:
    """Whether a chunk starts or ends at a quotation mark: only quoted pieces continue across a cue;
    an unquoted chunk after '"A," she said' is usually a clause of its own."""
    return toks[chunk[1]].text[0] in QUOTE_CHARS or toks[chunk[2] - 1].text[-1] in QUOTE_CHARS


def _span(text: str, toks: list[Token], chunk: tuple[str, int, int]) -> Span:
    start, end = toks[chunk[1]].start, toks[chunk[2] - 1].end
    return Span(start, end, text[start:end])


def _aside(toks: list[Token], before: tuple[str, int, int], after: tuple[str, int, int]) -> bool:
    """Whether the words between two content chunks are an aside set off by commas within one sentence
    ("A, officials said, B"; "A, according to X, B"): one content in two pieces, not two clauses."""
    start = before[2] - (toks[before[2] - 1].text == ",")  # a chunk may hold the comma next to it
    end = after[1] + (toks[after[1]].text == ",")
    gap = toks[start:end]
    return (
        3 <= len(gap) <= MAX_ASIDE
        and gap[0].text == gap[-1].text == ","
        and not any(t.text in _CLAUSE_BREAKS for t in gap)
    )


def _gap_within_content(
    toks: list[Token], chunks: list[tuple[str, int, int]], before: tuple[str, int, int], after: tuple[str, int, int]
) -> bool:
    """Whether two content chunks are one content the tagger left a hole in: at most MAX_HOLE words between
    them, no other chunk (a source, a cue), no sentence break and no quotation mark."""
    gap = toks[before[2] : after[1]]
    if not 0 < len(gap) <= MAX_HOLE or any(before[2] <= c[1] < after[1] for c in chunks):
        return False
    return not any(t.text in _CLAUSE_BREAKS or t.text[0] in QUOTE_CHARS for t in gap)


def decode(text: str, toks: list[Token], labels: list[str], probs: list[float]) -> list[Proposal]:
    """Turn one sequence's labels into proposals (content linked to its nearest cue and source)."""
    chunks = _chunks(labels)
    contents = [c for c in chunks if c[0] == "CON"]
    cues = [c for c in chunks if c[0] == "CUE"]
    sources = [c for c in chunks if c[0] == "SRC"]
    linked: list[tuple[list[tuple[str, int, int]], tuple[str, int, int] | None, bool]] = []
    for con in contents:
        cue = _nearest(con, cues)
        prev = linked[-1] if linked else None
        # '"A," she said, "B."' is one attribution in two pieces: same cue, lying between them; so is a
        # clause the cue and its source split, set off by commas ("A, officials said, B").
        if prev and prev[1] == cue and _gap_within_content(toks, chunks, prev[0][-1], con):
            # a few untagged words inside one content ("the company at the centre of the [row] has agreed")
            prev[0][-1] = ("CON", prev[0][-1][1], con[2])
            continue
        if prev and cue is not None and prev[1] == cue and prev[0][-1][2] <= cue[1] and cue[2] <= con[1]:
            if _quoted(toks, prev[0][-1]) and _quoted(toks, con):
                prev[0].append(con)
                continue
            if len(prev[0]) == 1 and not prev[2] and _aside(toks, prev[0][0], con):
                linked[-1] = ([prev[0][0], con], cue, True)
                continue
        linked.append(([con], cue, False))
    out = []
    for parts, cue, aside in linked:
        source = _nearest(cue, sources) if cue is not None else _nearest(parts[0], sources)
        idx = [i for p in parts for i in range(p[1], p[2])]
        score = sum(probs[i] for i in idx) / len(idx)
        pieces = tuple(_span(text, toks, p) for p in parts)
        start, end = pieces[0].start, pieces[-1].end
        out.append(
            Proposal(
                content=Span(start, end, text[start:end]),
                cue=_span(text, toks, cue) if cue is not None else None,
                source=_span(text, toks, source) if source is not None else None,
                score=score,
                pieces=pieces,
                aside=aside,
            )
        )
    return out


@dataclass(slots=True)
class TaggerReading:
    """What the tagger made of one text: its proposals, and each token's chosen role and probability
    (the scorer reads how far the tagger agrees with a rule finding)."""

    proposals: list[Proposal]
    starts: list[int]
    ends: list[int]
    roles: list[str]  # "O" | "SRC" | "CUE" | "CON"
    probs: list[float]
    backend: str = "crf"  # which tagger read it ("crf", "encoder")


def read(
    text: str, skip: list[tuple[int, int]], model: TaggerModel | encoder_tagger.EncoderModel | None = None
) -> TaggerReading:
    """Tag every sequence of text outside the skip regions; proposals are kept whatever their score."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        return TaggerReading([], [], [], [], [], getattr(model, "backend", BACKEND))
    m = model or get_model()
    out = TaggerReading([], [], [], [], [], m.backend)
    seqs = paragraph_segments(text, skip)
    tag_many = getattr(m, "tag_many", None)
    tagged = tag_many(seqs) if tag_many is not None else [m.tag(toks) for toks in seqs]
    for toks, (labels, probs) in zip(seqs, tagged, strict=True):
        for t, lab, pr in zip(toks, labels, probs, strict=True):
            out.starts.append(t.start)
            out.ends.append(t.end)
            out.roles.append(lab.partition("-")[2] or "O")
            out.probs.append(pr)
        if any(lab != "O" for lab in labels):
            out.proposals.extend(decode(text, toks, labels, probs))
    return out


def propose(
    text: str,
    skip: list[tuple[int, int]],
    model: TaggerModel | encoder_tagger.EncoderModel | None = None,
    min_score: float = MIN_SCORE,
) -> list[Proposal]:
    """Attributions the tagger finds in text, none inside the skip regions ([start, end) pairs).

    Proposals scored below min_score are dropped; pass 0.0 to see them all.
    """
    return [p for p in read(text, skip, model).proposals if p.score >= min_score]
