"""Tokenization and token features for the attribution sequence tagger.

One sequence is one paragraph (a line of the article) minus the skip regions: PolNeAR contents almost
never cross a line break, and paragraph-level sequences let a quote's cue ("..., he said.") reach the
quoted words through the long-range features below, which a linear-chain CRF cannot see on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.extraction.segment import Token, paragraphs, tokens
from app.extraction.spans import SpanIndex

# A sentence this long is almost surely a table or a run-on scrape; capping the sequence keeps
# tagging linear and memory small.
MAX_TOKENS = 400

OPEN_QUOTES = frozenset({"\u201c", "\u00ab", "``"})
CLOSE_QUOTES = frozenset({"\u201d", "\u00bb", "''"})
STRAIGHT_QUOTES = frozenset({'"'})
SENT_END = frozenset({".", "!", "?"})
_LINE = re.compile(r"[^\n]+")


def _subtract(start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for s, e in skip:
        if e <= start or s >= end:
            continue
        nxt = []
        for a, b in pieces:
            if e <= a or s >= b:
                nxt.append((a, b))
                continue
            if s > a:
                nxt.append((a, s))
            if e < b:
                nxt.append((e, b))
        pieces = nxt
    return pieces


def segments(text: str, skip: list[tuple[int, int]]) -> list[list[Token]]:
    """Token sequences of the text (extraction's one tokenizer, `segment.tokens`): its lines with the skip
    regions cut out."""
    skip = sorted((int(s), int(e)) for s, e in skip if e > s)
    near = SpanIndex(skip)
    out: list[list[Token]] = []
    for m in _LINE.finditer(text):
        for a, b in _subtract(m.start(), m.end(), [skip[i] for i in near.meeting(m.span())]):
            toks = tokens(text, a, b)
            for i in range(0, len(toks), MAX_TOKENS):
                out.append(toks[i : i + MAX_TOKENS])
    return out


def paragraph_segments(text: str, skip: list[tuple[int, int]]) -> list[list[Token]]:
    """`segments` as the extractor reads a text: a paragraph as the rules read it (`segment.paragraphs`) is one
    sequence, where a hard-wrapped text would give one a line (the tagger read each line alone and proposed
    contents and sources cut at the line ends). The line breaks inside a paragraph read as spaces, one
    character for one, so every offset stays the text's. PolNeAR, which the taggers learn from, puts one
    paragraph on a line: 838 of its 840 train texts read the same either way."""
    view, at = [], 0
    for start, end in paragraphs(text):
        view += [text[at:start], text[start:end].replace("\n", " ")]
        at = end
    view.append(text[at:])
    return segments("".join(view), skip)


def _bucket(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 5:
        return "4"
    if d <= 9:
        return "6"
    if d <= 19:
        return "10"
    return "20"


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=50_000)
def lemma(low: str) -> str:
    """A crude inflection stripper: enough to let 'warns', 'warned', 'warning' share weights."""
    for suf, rep in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            return low[: -len(suf)] + rep
    return low


@lru_cache(maxsize=50_000)
def _word_feats(w: str) -> tuple[str, ...]:
    low = w.lower()
    shape = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"[0-9]+", "d", w)))[:6]
    feats = [
        "w=" + low,
        "s3=" + low[-3:],
        "s2=" + low[-2:],
        "sh=" + shape,
        "lm=" + lemma(low),
    ]
    if w[:1].isupper():
        feats.append("cap")
    if w.isupper() and len(w) > 1:
        feats.append("upper")
    if not any(c.isalnum() for c in w):
        feats.append("punct")
    return tuple(feats)


def _quote_state(words: list[str]) -> tuple[list[int], list[str]]:
    """Per token: 1 inside quotation marks, and the quote-mark role ("open"/"close"/"")."""
    inside = [0] * len(words)
    role = [""] * len(words)
    state = False
    for i, w in enumerate(words):
        if w in OPEN_QUOTES or (w in STRAIGHT_QUOTES and not state):
            state, role[i] = True, "open"
        elif w in CLOSE_QUOTES or (w in STRAIGHT_QUOTES and state):
            state, role[i] = False, "close"
        else:
            inside[i] = int(state)
    return inside, role


def _sentence_ids(words: list[str]) -> list[int]:
    ids = [0] * len(words)
    sid = 0
    n = len(words)
    for i, w in enumerate(words):
        ids[i] = sid
        if w in SENT_END and i + 1 < n:
            j = i + 1
            while j < n and (words[j] in CLOSE_QUOTES or words[j] in STRAIGHT_QUOTES or words[j] == ")"):
                j += 1
            if j < n and (words[j][:1].isupper() or words[j] in OPEN_QUOTES or words[j] in STRAIGHT_QUOTES):
                sid += 1
    return ids


def _nearest(marks: list[int], sent: list[int], step: int) -> list[int]:
    """Distance to the nearest marked token in the same sentence, scanning in direction step (-1/+1)."""
    n = len(marks)
    out = [-1] * n
    last = -1
    rng = range(n) if step < 0 else range(n - 1, -1, -1)
    for i in rng:
        if last >= 0 and sent[last] != sent[i]:
            last = -1
        out[i] = abs(i - last) if last >= 0 else -1
        if marks[i]:
            last = i
    return out


def sequence_features(toks: list[Token], lexicon: dict[str, str]) -> list[list[str]]:
    """CRF feature strings for each token of one sequence.

    lexicon maps a lowercased cue word to its strength class ("hi"/"lo"), learned from training cues.
    """
    words = [t.text for t in toks]
    n = len(words)
    lows = [w.lower() for w in words]
    inside, role = _quote_state(words)
    sent = _sentence_ids(words)
    cue = [1 if lexicon.get(w) == "hi" else 0 for w in lows]
    qmark = [1 if r else 0 for r in role]
    cue_l, cue_r = _nearest(cue, sent, -1), _nearest(cue, sent, +1)
    q_l = _nearest(qmark, [0] * n, -1)
    q_r = _nearest(qmark, [0] * n, +1)
    colon = [1 if w == ":" else 0 for w in words]
    colon_l = _nearest(colon, sent, -1)
    sent_has_cue: dict[int, int] = {}
    for i in range(n):
        if cue[i]:
            sent_has_cue[sent[i]] = 1
    starts_quoted = "pq" if role and role[0] == "open" else "pn"
    feats_out: list[list[str]] = []
    wf = [_word_feats(w) for w in words]
    for i in range(n):
        f = ["b", *wf[i], starts_quoted]
        low = lows[i]
        lx = lexicon.get(low)
        if lx:
            f.append("lex=" + lx)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"w{off}={lows[j]}")
                lj = lexicon.get(lows[j])
                if lj:
                    f.append(f"lex{off}={lj}")
                if off in (-1, 1):
                    f.append(f"sh{off}={wf[j][3]}")
            else:
                f.append(f"w{off}=<pad>")
        if i > 0:
            f.append(f"bg-={lows[i - 1]}|{low}")
        if i + 1 < n:
            f.append(f"bg+={low}|{lows[i + 1]}")
        q = "in" if inside[i] else "out"
        f.append("q=" + q)
        if role[i]:
            f.append("qr=" + role[i])
        f.append("ql=" + (_bucket(q_l[i]) if q_l[i] >= 0 else "none"))
        f.append("qrr=" + (_bucket(q_r[i]) if q_r[i] >= 0 else "none"))
        cl = _bucket(cue_l[i]) if cue_l[i] >= 0 else "none"
        cr = _bucket(cue_r[i]) if cue_r[i] >= 0 else "none"
        f.append("cl=" + cl)
        f.append("cr=" + cr)
        f.append(f"q|cl={q}|{cl}")
        f.append(f"q|cr={q}|{cr}")
        if cue_l[i] > 0:
            f.append("clw=" + lows[i - cue_l[i]])
        if cue_r[i] > 0:
            f.append("crw=" + lows[i + cue_r[i]])
        if colon_l[i] > 0:
            f.append("col=" + _bucket(colon_l[i]))
        f.append("sc=" + ("y" if sent_has_cue.get(sent[i]) else "n"))
        s = sent[i]
        if i == 0 or sent[i - 1] != s:
            f.append("sfirst")
        if i + 1 == n or sent[i + 1] != s:
            f.append("slast")
        f.append("si=" + (str(s) if s < 3 else "3"))
        feats_out.append(f)
    return feats_out


def stacked_features(toks: list[Token], feats: list[list[str]], prior: list[str]) -> list[list[str]]:
    """Add a first-pass tagger's labels to the features (stacking).

    The second pass sees where the first one put cues and contents anywhere in the sentence, which is
    how a linear-chain model learns that a clause is content because a cue it found ten tokens away
    governs it, for cues (beliefs, actions) that no lexicon lists.
    """
    words = [t.text for t in toks]
    n = len(words)
    sent = _sentence_ids(words)
    kinds = [lab.partition("-")[2] or "O" for lab in prior]
    cue_start = [1 if lab == "B-CUE" else 0 for lab in prior]
    src = [1 if k == "SRC" else 0 for k in kinds]
    con = [1 if k == "CON" else 0 for k in kinds]
    pc_l, pc_r = _nearest(cue_start, sent, -1), _nearest(cue_start, sent, +1)
    ps_l, ps_r = _nearest(src, sent, -1), _nearest(src, sent, +1)
    pn_l, pn_r = _nearest(con, sent, -1), _nearest(con, sent, +1)
    out = []
    for i in range(n):
        f = [*feats[i], "p0=" + prior[i]]
        for off in (-2, -1, 1, 2):
            j = i + off
            f.append(f"p{off}=" + (kinds[j] if 0 <= j < n else "<pad>"))
        f.append(f"p-1|p0={kinds[i - 1] if i else '<pad>'}|{prior[i]}")
        f.append(f"p0|p+1={prior[i]}|{kinds[i + 1] if i + 1 < n else '<pad>'}")
        a = _bucket(pc_l[i]) if pc_l[i] >= 0 else "none"
        b = _bucket(pc_r[i]) if pc_r[i] >= 0 else "none"
        f.append("pcl=" + a)
        f.append("pcr=" + b)
        f.append(f"pcl|pcr={a}|{b}")
        f.append(f"pcl|p0={a}|{kinds[i]}")
        f.append(f"pcr|p0={b}|{kinds[i]}")
        if pc_l[i] > 0:
            f.append("pclw=" + lemma(words[i - pc_l[i]].lower()))
        if pc_r[i] > 0:
            f.append("pcrw=" + lemma(words[i + pc_r[i]].lower()))
        f.append("psl=" + (_bucket(ps_l[i]) if ps_l[i] >= 0 else "none"))
        f.append("psr=" + (_bucket(ps_r[i]) if ps_r[i] >= 0 else "none"))
        f.append("pnl=" + (_bucket(pn_l[i]) if pn_l[i] >= 0 else "none"))
        f.append("pnr=" + (_bucket(pn_r[i]) if pn_r[i] >= 0 else "none"))
        out.append(f)
    return out
