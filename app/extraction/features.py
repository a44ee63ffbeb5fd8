"""What the scorer knows about one candidate attribution: a flat dict of named numbers.

Where it came from (which rule, the tagger), how far the tagger agrees with it token by token, its cue
(word class, learned cue strength, form, negation, where it stands in its sentence: "Asked about …" and
a writer's imperative have no subject before the cue), its source (present, resolved, kind, pronoun),
its content (length, quotation, shape) and its setting (a short line without final punctuation is a
caption or a headline), and its neighbours (other readings of the same words). No feature names a
particular text; the weights are learned (training/train_extractor.py).
"""

from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand
from app.extraction.kinds import kind_of
from app.extraction.segment import sentence_start_in, tokens
from app.extraction.spans import SpanIndex, iou, overlap
from app.extraction.types import Entity

_QUOTES = set('"“”«»')
_END = set('.!?"”»)')


@lru_cache(maxsize=1)
def _cue_strength() -> dict[str, str]:
    """The tagger's learned cue lexicon (word -> "hi"/"lo": how often PolNeAR marks it as a cue)."""
    from app.extraction.tagger import LEXICON_PATH

    try:
        return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    return str(bisect.bisect_right(edges, n))


class TokenRoles:
    """The tagger's per-token roles, searchable by character offset."""

    def __init__(self, reading: object | None) -> None:
        self.starts: list[int] = getattr(reading, "starts", [])
        self.ends: list[int] = getattr(reading, "ends", [])
        self.roles: list[str] = getattr(reading, "roles", [])
        self.probs: list[float] = getattr(reading, "probs", [])

    def agreement(self, span: tuple[int, int] | None, role: str) -> tuple[float, float]:
        """(share of the span's tokens the tagger gives this role, their mean probability)."""
        if span is None or not self.starts:
            return 0.0, 0.0
        i = bisect.bisect_left(self.ends, span[0] + 1)
        n = hit = 0
        prob = 0.0
        while i < len(self.starts) and self.starts[i] < span[1]:
            n += 1
            if self.roles[i] == role:
                hit += 1
                prob += self.probs[i]
            i += 1
        return (hit / n, prob / hit) if n and hit else (0.0, 0.0)


def _cue_features(text: str, c: Cand, para: tuple[int, int], f: dict[str, float]) -> None:
    if c.cue is None:
        f["cue:none"] = 1.0
        return
    toks = tokens(text, c.cue[0], c.cue[1])
    words = [t.low for t in toks if any(ch.isalpha() for ch in t.low)]
    if not words:
        f["cue:punct"] = 1.0
        return
    strength = _cue_strength()
    head = next((w for w in words if w not in lx.AUX), words[-1])
    f["cue:words"] = min(len(words), 5)
    f["cue:strength=" + strength.get(head, "none")] = 1.0
    for cls, vocab in (
        ("speech", lx.SPEECH_VERBS),
        ("belief", lx.BELIEF_VERBS),
        ("noun", lx.NOUN_CUES),
        ("adj", lx.ADJ_CUES),
        ("intent", lx.INTENTION_VERBS),
        ("evidence", lx.EVIDENCE_VERBS),
    ):
        if head in vocab:
            f["cue:class=" + cls] = 1.0
    f["cue:ing"] = float(head.endswith("ing"))
    f["cue:ed"] = float(head.endswith("ed"))
    f["cue:s"] = float(head.endswith("s") and not head.endswith("ss"))
    f["cue:cap"] = float(toks[0].cap)
    f["cue:according"] = float(head == "according")
    f["cue:copula"] = float(bool(set(words) & lx.COPULA))
    before = tokens(text, max(para[0], c.cue[0] - 12), c.cue[0])
    f["cue:negated"] = float(
        bool(set(words) & lx.NEGATION) or (bool(before) and before[-1].low in {"not", "n't", "never"})
    )
    sent0 = sentence_start_in(text, para, c.cue[0])
    lead = len(text[sent0 : c.cue[0]].split())
    f["cue:lead=" + _bucket(lead, (1, 2, 4, 8))] = 1.0  # 0 words before the cue: no subject
    f["cue:para_start"] = float(not text[para[0] : c.cue[0]].strip())
    f["cue:in_content"] = float(c.content[0] <= c.cue[0] < c.cue[1] <= c.content[1])
    f["cue:after_content"] = float(c.cue[0] >= c.content[1])
    gap = c.content[0] - c.cue[1] if c.cue[1] <= c.content[0] else c.cue[0] - c.content[1]
    f["cue:gap=" + _bucket(max(gap, -1), (0, 2, 6, 20, 60))] = 1.0


def _source_features(text: str, c: Cand, entities: list[Entity], f: dict[str, float]) -> None:
    if c.source is None:
        f["src:none"] = 1.0
        return
    toks = tokens(text, c.source[0], c.source[1])
    f["src:words"] = min(len(toks), 8)
    f["src:cap"] = float(bool(toks) and toks[0].cap)
    f["src:pronoun"] = float(len(toks) == 1 and toks[0].low in lx.PRONOUNS)
    f["src:first_second"] = float(bool(toks) and toks[0].low in lx.FIRST_SECOND)
    f["src:resolved"] = float(c.entity is not None)
    kind = entities[c.entity].kind if c.entity is not None and c.entity < len(entities) else "unknown"
    f["src:kind=" + kind] = 1.0
    f["src:anonymous"] = float(c.anonymous)
    f["src:before_content"] = float(c.source[1] <= c.content[0])
    f["src:in_content"] = float(c.content[0] <= c.source[0] and c.source[1] <= c.content[1])


def _content_features(text: str, c: Cand, para: tuple[int, int], f: dict[str, float]) -> None:
    s, e = c.content
    body = text[s:e]
    n = len(body.split())
    f["con:log_words"] = math.log1p(n)
    f["con:direct"] = float(c.direct)
    f["con:quote_marks"] = float(any(ch in _QUOTES for ch in body))
    f["con:quoted_before"] = float(s > 0 and text[s - 1] in _QUOTES)
    low = body.lower()
    f["con:to_inf"] = float(low.startswith("to "))
    f["con:that"] = float(text[max(0, s - 5) : s].lower() == "that ")
    f["con:upper_start"] = float(body[:1].isupper())
    f["con:sentences"] = min(sum(body.count(m) for m in (". ", "? ", "! ")), 3)
    after = text[e : e + 2]
    f["con:ends_sentence"] = float(bool(after) and after[0] in ".!?")
    f["con:ends_comma"] = float(bool(after) and after[0] == ",")
    f["con:share_of_para"] = (e - s) / max(1, para[1] - para[0])
    f["con:continued"] = float(c.inherit_from is not None)


def _setting_features(text: str, c: Cand, para: tuple[int, int], f: dict[str, float]) -> None:
    line = text[para[0] : para[1]].rstrip()
    words = len(line.split())
    f["para:log_words"] = math.log1p(words)
    f["para:short=" + _bucket(words, (6, 12, 20, 40))] = 1.0
    f["para:no_final_punct"] = float(bool(line) and line[-1] not in _END)
    f["para:first"] = float(c.para == 0)
    f["para:has_quote"] = float(any(ch in _QUOTES for ch in line))


def _neighbour_features(
    c: Cand, i: int, cands: list[Cand], by_content: SpanIndex, by_cue: SpanIndex, f: dict[str, float]
) -> None:
    """How the candidate meets the others: only those whose spans meet its own can count here."""
    best_rule = best_tag = 0.0
    nested = same_cue = 0
    for j in by_content.meeting(c.content):
        if j == i:
            continue
        o = cands[j]
        shared = iou(c.content, o.content)
        if o.rule.startswith("tagger"):
            best_tag = max(best_tag, shared)
        else:
            best_rule = max(best_rule, shared)
    if c.cue is not None:
        for j in by_content.meeting(c.cue):
            o = cands[j]
            if j != i and o.content[0] <= c.cue[0] and c.cue[1] <= o.content[1]:
                nested = 1
        for j in by_cue.meeting(c.cue):
            o = cands[j]
            if j != i and o.cue is not None and overlap(c.cue, o.cue) and not overlap(c.content, o.content):
                same_cue += 1
    f["nb:rule_iou"] = best_rule
    f["nb:tagger_iou"] = best_tag
    f["nb:nested"] = float(nested)
    f["nb:cue_pieces"] = float(min(same_cue, 3))


def candidate_features(
    text: str, cands: list[Cand], paras: list[tuple[int, int]], entities: list[Entity], reading: object | None
) -> list[dict[str, float]]:
    """One feature dict per candidate, in the order given."""
    roles = TokenRoles(reading)
    by_content = SpanIndex([c.content for c in cands])
    by_cue = SpanIndex([c.cue for c in cands])
    out = []
    for i, c in enumerate(cands):
        para = paras[c.para] if 0 <= c.para < len(paras) else (c.content[0], c.content[1])
        family = c.rule.split(":")[0]
        f: dict[str, float] = {"bias": 1.0, "rule=" + c.rule: 1.0, "family=" + family: 1.0}
        f["tagger:score"] = c.confidence if family == "tagger" else 0.0
        f["lead"] = float(c.lead is not None)  # the clause goes on before an aside: "A, officials said, B"
        if reading is not None:
            for role, key in (("CON", "con"), ("CUE", "cue"), ("SRC", "src")):
                share, prob = roles.agreement(
                    c.content if role == "CON" else (c.cue if role == "CUE" else c.source), role
                )
                f[f"tag:{key}_share"] = share
                f[f"tag:{key}_prob"] = prob
        kind = kind_of(text[c.cue[0] : c.cue[1]] if c.cue else None, text[c.content[0] : c.content[1]], c.direct)
        f["kind=" + kind] = 1.0
        _cue_features(text, c, para, f)
        _source_features(text, c, entities, f)
        _content_features(text, c, para, f)
        _setting_features(text, c, para, f)
        _neighbour_features(c, i, cands, by_content, by_cue, f)
        out.append(f)
    return out
