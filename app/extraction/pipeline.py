"""extract(text): regions, rules and tagger candidates with resolved speakers, the scorer's choice among
them, relayed sourcing, kinds."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand, is_lead_piece
from app.extraction.direct import CONTINUED_QUOTE, direct_in_paragraph
from app.extraction.features import candidate_features
from app.extraction.kinds import as_guidelines, kind_of
from app.extraction.merge import tagger_candidates, tagger_reading, tagger_version
from app.extraction.quote_marks import as_double_marks
from app.extraction.reported import reported_in_sentence
from app.extraction.reported_forms import colon_label
from app.extraction.resolve import Resolver, name_registry
from app.extraction.scorer import FAST_PATH, FULL_PATH
from app.extraction.scorer import load as load_scorer
from app.extraction.segment import Token, paragraphs, quotes, sentence_start_in, sentences, tokens, trim
from app.extraction.spans import SpanIndex, iou, overlap
from app.extraction.speakers import anonymity_reason, next_sentence_reason, reason_category, trailing_reason
from app.extraction.types import ArticleExtraction, Attribution, Region, Span
from app.text.regions import find_regions, skipped_spans

RULES_VERSION = "rules-1.0"
_QUOTE_CHARS = set('“”"«»„')
_HEDGE_WORD = re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in lx.HEDGE_WORDS) + r")\b")
_HEDGE_MODAL = re.compile(r"\b(?:" + "|".join(lx.HEDGE_MODALS) + r")\b")
# Inside a content a hedging verb hedges only with the speaker as its subject ("I believe …"); "the
# suspect", "voters believe" are part of what is reported.
_HEDGE_FIRST_PERSON = re.compile(
    r"\b(?:" + "|".join(lx.FIRST_PERSON_HEDGERS) + r")\s+(?:" + "|".join(sorted(lx.HEDGE_CUES)) + r")\b"
)


def _inside(span: tuple[int, int], skips: list[tuple[int, int]], near: SpanIndex) -> bool:
    covered = sum(overlap(span, skips[i]) for i in near.meeting(span))
    return covered * 2 > (span[1] - span[0])


def _kept_paragraphs(text: str, regions: list[Region]) -> list[tuple[int, int]]:
    skips = skipped_spans(regions)
    near = SpanIndex(skips)
    datelines = {r.start: r.end for r in regions if r.kind == "dateline"}
    out = []
    for s, e in paragraphs(text):
        if _inside((s, e), skips, near):
            continue
        if s in datelines and datelines[s] < e:
            s = datelines[s]
        elif s in datelines:
            continue
        out.append((s, e))
    return out


def _dedupe(direct: list[Cand], reported: list[Cand]) -> list[Cand]:
    """The direct findings, and each reported one that is not another reading of one kept before it."""
    every = [*direct, *reported]
    by_content = SpanIndex([c.content for c in every])
    by_cue = SpanIndex([c.cue for c in every])
    kept = set(range(len(direct)))
    for n, r in enumerate(reported, start=len(direct)):
        # Only a finding whose content or cue meets r's can clash with it (an empty content: any one).
        near = by_content.meeting(r.content) if r.content[1] > r.content[0] else range(n)
        near = [*near, *(by_cue.meeting(r.cue) if r.cue is not None else [])]
        if not any(k in kept and _clash(r, every[k]) for k in near):
            kept.add(n)
    # a piece of a content whose other reading was dropped goes with it (it would take no speaker)
    ids = {id(every[k]) for k in kept}
    return [c for c in (every[k] for k in sorted(kept)) if c.inherit_from is None or id(c.inherit_from) in ids]


def _clash(r: Cand, d: Cand) -> bool:
    """Whether a reported finding is another reading of one already kept."""
    inter = overlap(r.content, d.content)
    size = r.content[1] - r.content[0]
    same_cue = d.cue is not None and r.cue is not None and overlap(d.cue, r.cue) > 0
    return (same_cue and d.direct) or (
        not _nested(r, d)
        and (iou(r.content, d.content) >= 0.8 or (d.direct and inter >= 0.6 * size and d.source == r.source))
    )


def rule_candidates(text: str, regions: list[Region]) -> tuple[list[Cand], list[tuple[int, int]], list[list[Token]]]:
    """Rule findings, the paragraphs read, and the tokens of every sentence read."""
    paras = _kept_paragraphs(text, regions)
    sentence_tokens: list[list[Token]] = []
    direct: list[Cand] = []
    reported: list[Cand] = []
    prev_last: Cand | None = None
    prev_open = False
    open_piece: Cand | None = None  # the direct finding whose quotation the last paragraph left open
    lead_in: tuple[int, int] | None = None
    for n, (ps, pe) in enumerate(paras):
        sents = sentences(text, ps, pe)
        found = direct_in_paragraph(text, ps, pe, n, sents, prev_last, prev_open, lead_in)
        if open_piece is not None:
            found = _join_continued(open_piece, found)
        direct.extend(found)
        label = colon_label(text, ps, pe, n)
        if label is not None:
            reported.append(label)
        for ss, se in sents:
            toks = tokens(text, ss, se)
            sentence_tokens.append(toks)
            reported.extend(reported_in_sentence(text, ss, se, toks, n))
        qs = quotes(text, ps, pe)
        prev_open = bool(qs) and not qs[-1].closed and qs[-1].end >= pe - 1
        dq = [c for c in found if c.direct]
        prev_last = (dq[-1].inherit_from or dq[-1]) if dq else (prev_last if prev_open else None)
        if not prev_open:
            open_piece = None
        elif dq and dq[-1].content[1] >= qs[-1].start:
            open_piece = dq[-1]
        elif dq:
            open_piece = None  # the open quotation has no finding of its own
        lead_in = sents[-1] if sents and text[ps:pe].rstrip().endswith(":") else None
        for c in found:
            if c.sentence == (0, 0) or c.sentence[0] < ps:
                c.sentence = next(((a, b) for a, b in sents if a <= c.content[0] < b), (ps, pe))
    return _dedupe(direct, reported), paras, sentence_tokens


def _join_continued(piece: Cand, found: list[Cand]) -> list[Cand]:
    """A paragraph's findings, its opening quotation joined to `piece` when it continues the quotation the
    paragraph before left open ('"A ...' then '"B ..."'): one stretch of the speaker's words, with its cue
    and source (the guidelines' contiguous piece of content; PolNeAR's one attribution across paragraphs)."""
    out = []
    for c in found:
        if c.rule == CONTINUED_QUOTE:
            piece.content = (piece.content[0], c.content[1])
        else:
            out.append(c)
    return out


def _read_reason(text: str, c: Cand) -> None:
    """A reason for anonymity the rules did not find beside the source: right after the cue ("a diplomat
    said, speaking on condition of anonymity ...") or closing the content, which then stops before it."""
    if c.reason is not None:
        return
    cue_outside = c.cue is not None and not (c.content[0] <= c.cue[0] < c.content[1])
    if cue_outside:
        c.reason = anonymity_reason(text, c.cue[1], max(c.sentence[1], c.cue[1]))
    cut = trailing_reason(text, c.content) if not c.direct else None
    if cut is not None:
        start = cut + 1
        while text[start].isspace():
            start += 1
        c.reason = c.reason or (start, c.content[1])
        c.content = (c.content[0], cut)


def _relay(cands: list[Cand], resolver: Resolver) -> None:
    """Nested attributions: the inner one's parent is the outer one; an outlet or report relaying it is
    its via. A source that "told" an outlet keeps that outlet as via for what it says next."""
    ents = resolver.entities
    by_content = SpanIndex([c.content for c in cands])
    for i, c in enumerate(cands):
        anchor = c.cue or c.source
        if anchor is None:
            continue
        best = None
        for j in by_content.meeting(anchor):  # the contents that may hold the anchor, in order
            o = cands[j]
            if j == i or o is c.inherit_from:
                continue
            if (
                o.content[0] <= anchor[0]
                and anchor[1] <= o.content[1]
                and (best is None or o.content[1] - o.content[0] < cands[best].content[1] - cands[best].content[0])
            ):
                best = j
        if best is not None:
            o = cands[best]
            c.parent = best
            if c.via is None:
                if o.entity is not None and ents[o.entity].kind in {"outlet", "document"} and o.source:
                    c.via, c.via_entity = o.source, o.entity
                elif o.via is not None:
                    c.via, c.via_entity = o.via, o.via_entity
    told: dict[int, tuple[tuple[int, int], int | None, int]] = {}
    for c in sorted(cands, key=lambda x: x.content[0]):
        if c.via is not None and c.via_entity is None:
            c.via_entity = resolver.relay(c.via)  # "told The Valley Courier", "in another report"
        if c.entity is None:
            continue
        if c.via is not None and c.rule != "reported:participle":
            told[c.entity] = (c.via, c.via_entity, c.para)
        elif c.entity in told and c.para - told[c.entity][2] <= 2:
            c.via, c.via_entity = told[c.entity][0], told[c.entity][1]


def _stance(text: str, c: Cand) -> str:
    cue = text[c.cue[0] : c.cue[1]].lower().split() if c.cue else []
    if cue and cue[-1] in lx.DENIAL_CUES:
        return "denies"
    if cue and (cue[-1] in lx.HEDGE_CUES):
        return "hedged"
    body = text[c.content[0] : c.content[1]].replace("’", "'")
    if _HEDGE_MODAL.search(body) or _HEDGE_WORD.search(body) or _HEDGE_FIRST_PERSON.search(body):
        return "hedged"
    return "asserts"


def _quote_type(text: str, c: Cand) -> str:
    if c.direct:
        return "direct"
    return "mixed" if any(ch in _QUOTE_CHARS for ch in text[c.content[0] : c.content[1]]) else "indirect"


def _span(text: str, s: tuple[int, int] | None) -> Span | None:
    return Span(s[0], s[1], text[s[0] : s[1]]) if s else None


@dataclass(slots=True)
class Found:
    """Every candidate attribution of one text, with what the scorer reads about each."""

    text: str
    read_as: str  # the text as it was read: single primary quotation marks as double ones (quote_marks.py)
    regions: list[Region]
    paras: list[tuple[int, int]]
    cands: list[Cand]
    features: list[dict[str, float]]
    resolver: Resolver
    tagged: bool  # the tagger read the text (its proposals are among the candidates)


def candidates(text: str, use_tagger: bool = True, tagger_model: Any = None) -> Found:
    """Rule findings (speakers resolved) and, with the tagger, its proposals beside them."""
    if not isinstance(text, str):
        raise TypeError("extract expects the article text as a str")
    given, text = text, as_double_marks(text)  # one character for one: the offsets are the text's
    regions = find_regions(text)
    cands, paras, sentence_tokens = rule_candidates(text, regions)
    for c in cands:
        _read_reason(text, c)
    cands.sort(key=lambda c: (c.source[0] if c.source else c.content[0], c.content[0]))
    resolver = Resolver(text, name_registry(text, sentence_tokens))
    for c in cands:
        if c.inherit_from is None:
            resolver.resolve(c)
    for c in cands:
        base = c.inherit_from
        if base is not None:
            c.entity, c.kind, c.anonymous = base.entity, base.kind, base.anonymous
            c.reason = c.reason or base.reason
        if c.anonymous and c.reason is None and c.entity is not None:
            c.reason = next_sentence_reason(text, c.sentence[1], resolver.entities[c.entity].plural)
    reading = tagger_reading(text, skipped_spans(regions), tagger_model) if use_tagger else None
    if reading is not None:
        cands = cands + tagger_candidates(text, reading, cands, paras, resolver)
    cands = [c for c in cands if not writers_imperative(text, c, paras)]
    cands = without_trailing_adjuncts(text, cands)
    for c, end in [(c, end_before_holding_clause(text, c, cands)) for c in cands]:
        c.content = (c.content[0], end)
    feats = candidate_features(text, cands, paras, resolver.entities, reading)
    return Found(given, text, regions, paras, cands, feats, resolver, reading is not None)


def writers_imperative(text: str, c: Cand, paras: list[tuple[int, int]]) -> bool:
    """The writer's own imperative to the reader ("Note that ...", "Consider how ..."): no source, and the
    cue is the bare form of a verb opening its sentence, with no subject before it. Not an attribution."""
    if c.source is not None or c.cue is None or not 0 <= c.para < len(paras):
        return False
    if text[sentence_start_in(text, paras[c.para], c.cue[0]) : c.cue[0]].strip():
        return False
    words = [t.low for t in tokens(text, c.cue[0], c.cue[1]) if t.low.isalpha()]
    return bool(words) and words[0] in lx.BASE_FORMS


def without_trailing_adjuncts(text: str, cands: list[Cand]) -> list[Cand]:
    """The candidates without an unquoted content read after a comma that follows a cue whose unquoted content
    stands before it ("A, officials said, after four days of talks that …"): a reporting clause set after its
    content takes no second one; what follows the comma is the writer's. (After a quotation the sentence may
    go on: '"A," he added, to pursue B'; and the rest of a content the clause splits: "A, officials said, B".)"""
    before = {
        c.cue
        for c in cands
        if c.cue is not None and c.content[1] <= c.cue[0] and not _quoted(text, c) and not is_lead_piece(c)
    }
    # (the rules' reading of an aside has told the writer's adjunct after it apart already: `Cand.aside`)
    return [c for c in cands if not (c.cue in before and _after_comma(text, c) and not c.aside)]


def end_before_holding_clause(text: str, c: Cand, cands: list[Cand]) -> int:
    """Where a content ends: before the reporting clause of an attribution holding it that it runs on over
    ("Investigators believe A, the police said on Monday": the police report the belief, whose content is A)."""
    end = c.content[1]
    if c.cue is None:
        return end
    for b in cands:
        if b.cue is None or b is c or not (c.cue[1] <= b.cue[0] and b.cue[1] <= end):
            continue
        if b.content[0] <= c.cue[0] and c.cue[1] <= b.content[1]:  # b holds c, and c runs over b's cue
            clause = b.source[0] if b.source is not None and c.cue[1] < b.source[0] < b.cue[0] else b.cue[0]
            if text[b.content[1] : clause].strip(" ,") == "":  # b's content, then its clause: "A, X said"
                end = min(end, trim(text, c.content[0], clause)[1])
    return end if end - c.content[0] >= 3 else c.content[1]


_QUOTE_MARK = re.compile("[\"“”]|''")


def _quoted(text: str, c: Cand) -> bool:
    """Whether a content before its cue holds or ends a quotation."""
    assert c.cue is not None
    return c.direct or _QUOTE_MARK.search(text, max(0, c.content[0] - 1), c.cue[0]) is not None


def _after_comma(text: str, c: Cand) -> bool:
    assert c.cue is not None
    return not c.direct and c.content[0] >= c.cue[1] and "," in text[c.cue[1] : c.content[0]]


def select(cands: list[Cand], probs: list[float], threshold: float) -> list[int]:
    """The candidates kept, best first: at least threshold probable, and not another reading of an
    attribution already kept (most of the same content, or the same cue over the same words). A lead piece
    ("A, officials said, B") is kept with the rest of its content, whatever its own score, unless a reading
    kept before took its words; never alone."""
    kept: list[int] = []
    chosen: set[int] = set()
    by_content = SpanIndex([c.content for c in cands])  # rivals' contents overlap
    index = {id(c): i for i, c in enumerate(cands)}
    leads: dict[int, list[int]] = {}  # a candidate -> its lead pieces
    for i, c in enumerate(cands):
        if is_lead_piece(c) and id(c.inherit_from) in index:
            leads.setdefault(index[id(c.inherit_from)], []).append(i)

    def take(i: int) -> bool:
        if any(j in chosen and _rival(cands[i], cands[j]) for j in by_content.meeting(cands[i].content)):
            return False
        kept.append(i)
        chosen.add(i)
        return True

    for i in sorted(range(len(cands)), key=lambda i: -probs[i]):
        if probs[i] < threshold:
            break
        if not is_lead_piece(cands[i]) and take(i):
            for j in leads.get(i, ()):
                take(j)
    return kept


def _rival(a: Cand, b: Cand) -> bool:
    """Whether two candidates are readings of one attribution; one nested in the other's content (its cue
    inside that content: "X reported that Y confirmed Z") is an attribution of its own."""
    if _nested(a, b) or _nested(b, a):
        return False
    same_cue = a.cue is not None and b.cue is not None and overlap(a.cue, b.cue) > 0
    return iou(a.content, b.content) >= 0.5 or (same_cue and overlap(a.content, b.content) > 0)


def _nested(a: Cand, b: Cand) -> bool:
    """Whether a is reported inside b's content: its cue there, and its source too when it has one ("X posted
    messages saying Y" read twice has one source outside both: two readings, not a report in a report). b's
    content includes its lead piece ("A, according to X, B"), but not the cue between the two: a reading with
    that cue is another reading of b."""
    start = b.lead[0] if b.lead is not None else b.content[0]
    if a.cue is None or not (start <= a.cue[0] and a.cue[1] <= b.content[1]):
        return False
    if b.cue is not None and overlap(a.cue, b.cue) > 0:
        return False
    return a.source is None or start <= a.source[0] < b.content[1]


def _join_leads(cands: list[Cand]) -> list[Cand]:
    """Each kept lead piece joined to the rest of its content: "A, officials said, B" is one attribution from A
    through B, as the gold annotates it (PolNeAR's format takes the source and cue out again). A lead piece
    whose rest was not kept is no attribution of its own."""
    kept = {id(c) for c in cands}
    out = []
    for c in cands:
        if not is_lead_piece(c):
            out.append(c)
            continue
        rest = c.inherit_from
        if rest is not None and id(rest) in kept:
            rest.content = (c.content[0], rest.content[1])
    return out


def finish(found: Found, probs: list[float], threshold: float | None, version: str) -> ArticleExtraction:
    """The attributions kept (all of them when threshold is None), with relayed sourcing and kinds."""
    text = found.text
    keep = select(found.cands, probs, threshold) if threshold is not None else range(len(found.cands))
    copies = {id(found.cands[i]): copy.copy(found.cands[i]) for i in keep}  # found stays as it was
    cands = []
    for i in keep:
        c = copies[id(found.cands[i])]
        c.confidence = round(probs[i], 3)
        if c.inherit_from is not None and id(c.inherit_from) in copies:
            c.inherit_from = copies[id(c.inherit_from)]
        cands.append(c)
    cands = _join_leads(cands)
    cands.sort(key=lambda c: (c.content[0], c.content[1]))
    _relay(cands, found.resolver)
    atts = []
    for c in cands:
        reason = c.reason if c.anonymous else None
        atts.append(
            Attribution(
                content=_span(text, c.content),
                cue=_span(text, c.cue),
                source=_span(text, c.source),
                entity=c.entity,
                quote_type=_quote_type(found.read_as, c),
                stance=_stance(text, c),
                anonymous=c.anonymous,
                kind=kind_of(text[c.cue[0] : c.cue[1]] if c.cue else None, text[c.content[0] : c.content[1]], c.direct),
                anonymity_reason=_span(text, reason),
                anonymity_reason_category=reason_category(text[reason[0] : reason[1]]) if reason else None,
                via=_span(text, c.via),
                via_entity=c.via_entity,
                parent=c.parent,
                confidence=c.confidence,
                rule=c.rule,
            )
        )
    return ArticleExtraction(atts, found.resolver.entities, found.regions, version)


def extract(text: str, use_tagger: bool = True, unsourced: bool = False) -> ArticleExtraction:
    """Every attribution in one article text. Offsets index `text` exactly as given.

    The default path reads the text with the rules and the tagger and keeps the candidates the scorer
    finds probable enough (without the tagger's model or that scorer, it is the fast path); use_tagger=False
    is the fast path: the rules' candidates, scored by the scorer trained for them. Each attribution's
    confidence is the scorer's probability that it is right. Attributions with no source in the text, and a
    source's request for anonymity read as an attribution, are left out, as the guidelines count them
    (`kinds.as_guidelines`); unsourced=True keeps them (PolNeAR's conventions)."""
    result = _extract(text, use_tagger)
    return result if unsourced else as_guidelines(result)


def _extract(text: str, use_tagger: bool) -> ArticleExtraction:
    version = extractor_version(use_tagger)
    tagged = use_tagger and tagger_version() is not None
    full = load_scorer(FULL_PATH) if tagged else None
    if full is not None:
        found = candidates(text, True)
        return finish(found, [full.probability(f) for f in found.features], full.threshold, version)
    found = candidates(text, False)
    fast = load_scorer(FAST_PATH)
    if fast is None:  # no scorer shipped: every rule finding, at the confidence its rule gives
        return finish(found, [c.confidence for c in found.cands], None, version)
    probs = [fast.probability(f) for f in found.features]
    keep = select(found.cands, probs, fast.threshold)
    found.cands = [found.cands[i] for i in keep]
    return finish(found, [probs[i] for i in keep], None, version)


def rule_findings(text: str) -> ArticleExtraction:
    """Every rule finding, none left out by the scorer, at the confidence its rule gives: the rules alone,
    to test and measure them."""
    found = candidates(text, False)
    return finish(found, [c.confidence for c in found.cands], None, RULES_VERSION)


def extractor_version(use_tagger: bool = True) -> str:
    """ "rules-1.0", then the tagger's version ("+minilm-1", "+crf-1") when it is used (its model and the
    scorer trained on its proposals are present), then the scorer's version."""
    tv = tagger_version() if use_tagger else None
    full = load_scorer(FULL_PATH) if tv else None
    sc = full or load_scorer(FAST_PATH)
    return RULES_VERSION + (f"+{tv}" if full else "") + (f"+{sc.version}" if sc else "")
