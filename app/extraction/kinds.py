"""What kind of attribution a cue makes: speech, belief, intention, evidence or action.

PolNeAR annotates all five; the project's guidelines (../shared/gold/GUIDELINES.md) count speech and a
source's stated beliefs or positions. The kind is read from the cue's words by their verb class
(lexicon.py), from the content's shape ("plans to ...": an intention) and from a cue made of
punctuation alone (a colon label, a dash signature: speech). A cue of no known class reports what
someone did: an action.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from app.extraction import lexicon as lx
from app.extraction.types import ArticleExtraction, Attribution, Span

KINDS = ("speech", "belief", "intention", "evidence", "action")
# What the product counts by default (the guidelines' notion of an attribution).
COUNTED = frozenset({"speech", "belief"})

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_BELIEF_NOUNS = {
    "view",
    "views",
    "belief",
    "beliefs",
    "assessment",
    "assessments",
    "estimate",
    "estimates",
    "conviction",
    "opinion",
    "fear",
    "fears",
    "concern",
    "concerns",
    "hope",
    "hopes",
}
_EVIDENCE_NOUNS = {"finding", "findings", "conclusion", "conclusions", "data", "evidence", "results"}


def _word_kind(w: str) -> str | None:
    if w in lx.INTENTION_VERBS or w in lx.INTENTION_ADJS:
        return "intention"
    if w in _EVIDENCE_NOUNS or w in lx.EVIDENCE_VERBS:
        return "evidence"
    if w in _BELIEF_NOUNS or w in lx.ADJ_CUES or w in lx.BELIEF_VERBS:
        return "belief"
    if w in lx.SPEECH_VERBS or w in lx.NOUN_CUES or w == "according":
        return "speech"
    return None


# A cue that says someone did not speak, before a question left open ("did not say whether …"): no content.
_WITHHOLDING = {"not", "never", "declined", "refused"}
# A preposition ending a cue: what follows is its object, not a clause anyone asserted.
_OBJECT_PREPS = {"to", "on", "about"}
_OPEN_QUESTION = re.compile(r"\s*(?:whether|if|how|who|whom|what|when|where|why|which)\b", re.IGNORECASE)


def kind_of(cue: str | None, content: str, direct: bool = False) -> str:
    """The kind of one attribution from its cue text and its content text."""
    words = [w.lower() for w in _WORD.findall(cue or "")]
    if not words:
        return "speech"  # a quotation, a colon label or a dash signature: someone's words
    withheld = any(w in _WITHHOLDING or w.endswith("n't") for w in words)
    if not direct and withheld and (_OPEN_QUESTION.match(content) or words[-1] in _OBJECT_PREPS):
        # "She did not say whether she supported the cuts", "He did not respond to questions": what they did
        # (or did not), not what they said
        return "action"
    for w in words:
        k = _word_kind(w)
        if k is not None:
            return k
    if direct:
        return "speech"  # an unusual verb introducing a quotation still introduces words
    if re.match(r"\s*[\"“]?to\s+[a-z]", content):
        return "intention"  # "is pushing to ...", "moved to ..."
    return "action"


def keep_kinds(result: ArticleExtraction, kinds: frozenset[str] | set[str]) -> ArticleExtraction:
    """The extraction with only attributions of the given kinds."""
    return keep_where(result, lambda a: a.kind in kinds)


def as_guidelines(result: ArticleExtraction) -> ArticleExtraction:
    """The extraction as the guidelines count attributions, where PolNeAR annotates more: without those whose
    source the text does not give ("X is believed to ...", "Y was said to ..."; every attribution of the
    guidelines names or describes who asserts it), and without a source's request for anonymity read as an
    attribution of its own ("who asked not to be named", "speaking on condition of anonymity"), by its cue or
    as its content: the guidelines make it the anonymity reason of the attribution it belongs to; and without
    speech whose content is only what it was about (`topic_only`)."""
    reasons = [(r.start, r.end) for a in result.attributions if (r := a.anonymity_reason) is not None]

    def in_reason(span: Span | None) -> bool:
        return span is not None and any(s <= span.start < e for s, e in reasons)

    def counted(a: Attribution) -> bool:
        return a.source is not None and not in_reason(a.cue) and not in_reason(a.content) and not topic_only(a)

    return keep_where(result, counted)


def topic_only(a: Attribution) -> bool:
    """Speech whose content is only its topic ("talked about the budget", "asked about him"): the guidelines'
    bare mention that someone spoke, with no content. PolNeAR annotates the topic; a belief's object stays
    ("engineers worry about the pier's strength" is what they worry); the seed gold annotates such objects."""
    if a.kind != "speech":
        return False
    cue_words = a.cue.text.lower().split() if a.cue is not None else []
    return a.content.text.lower().startswith("about ") or (bool(cue_words) and cue_words[-1] == "about")


def keep_where(result: ArticleExtraction, keep: Callable[[Attribution], bool]) -> ArticleExtraction:
    """The extraction with only the attributions `keep` accepts; parent indices follow the kept list
    (a dropped parent leaves its child without one)."""
    new_index: dict[int, int] = {}
    kept: list[Attribution] = []
    for i, a in enumerate(result.attributions):
        if keep(a):
            new_index[i] = len(kept)
            kept.append(a)
    out = []
    for a in kept:
        parent = new_index.get(a.parent) if a.parent is not None else None
        out.append(_with_parent(a, parent))
    return ArticleExtraction(out, result.entities, result.regions, result.version)


def _with_parent(a: Attribution, parent: int | None) -> Attribution:
    return a if a.parent == parent else replace(a, parent=parent)


def parse_kinds(spec: str) -> frozenset[str]:
    """'speech,belief' -> the set; 'all' -> every kind. ValueError naming a word that is no kind."""
    words = {w.strip().lower() for w in spec.split(",") if w.strip()}
    if words == {"all"}:
        return frozenset(KINDS)
    bad = sorted(words - set(KINDS))
    if bad or not words:
        raise ValueError(f"unknown kind {', '.join(bad) or repr(spec)}: choose from {', '.join(KINDS)} or 'all'")
    return frozenset(words)
