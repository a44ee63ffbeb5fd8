"""Reported-speech rules: a cue word in a sentence, a source phrase beside it, the content around it."""

from __future__ import annotations

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand
from app.extraction.clauses import (
    CONTENT_LEAD,
    CORE_SAY,
    INVERTABLE,
    NOT_CONTENT_START,
    NOT_SETTINGS,
    SETTING_PREPS,
    SUBORDINATORS,
    VERB_CUES,
    adverbial_lead,
    appositive_group,
    bare_object,
    content_span,
    cue_tail,
    cut_content,
    past_setting,
    report_via,
    singular_subject,
    skip_aux,
    skip_time,
    skip_time_back,
    trim_back,
    writer_adjunct,
)
from app.extraction.reported_forms import according_to, attitude_adjective, noun_cue
from app.extraction.segment import Token
from app.extraction.speakers import (
    anonymity_reason,
    audience_is_outlet,
    classify_kind,
    first_or_second,
    np_after,
    np_before,
)

# A parenthetical cue ("A, officials said, B") takes a lead-in this short along with the clause after it.
LEAD_WORDS = 20


def reported_in_sentence(text: str, ss: int, se: int, toks: list[Token], para: int) -> list[Cand]:
    out: list[Cand] = []
    n = len(toks)
    for i, t in enumerate(toks):
        low = t.low
        cand = None
        if low == "according" and i + 1 < n and toks[i + 1].low == "to":
            cand = according_to(text, ss, se, toks, i)
        if cand is None and low in VERB_CUES and low not in lx.QUOTE_ONLY_CUES and (
                not t.cap or (i > 0 and low in lx.HEADLINE_CUES and _headline(toks))):
            cand = _verb(text, ss, se, toks, i, out)
        if cand is None and low in lx.ADJ_CUES and i > 0:
            cand = attitude_adjective(text, se, toks, i)
        if cand is None and low in lx.NOUN_CUES and i + 1 < n and toks[i + 1].low == "that":
            cand = noun_cue(text, se, toks, i)
        if cand is not None:
            cand.para = para
            cand.sentence = (ss, se)
            out.append(cand)
    return out


# Verbs whose -s form is as often a plural noun ("member states", "the claims"): a verb only when what
# follows can open a statement.
_NOUN_LIKE = {"states", "reports", "claims", "notes", "charges", "remarks", "estimates", "calls", "promises",
              "answers", "questions", "comments", "cites", "statements", "orders", "hopes", "fears", "doubts",
              "concerns", "worries", "demands", "pledges", "vows", "threats", "warns", "tweets", "posts"}
# Cues whose content follows "at": "hinted at a deal", "balked at the price".
_AT_CUES = {"hint", "hints", "hinted", "point", "points", "pointed", "balked", "scoffed", "bristled", "laughed",
            "marveled", "marvelled", "railed", "lashed", "jabbed", "sniped"}
_PASSIVE_OF = {"accused", "charged", "suspected", "convicted", "cleared", "acquitted", "informed", "reminded"}
def _opens_statement(t: Token) -> bool:
    return t.low in {"that", ":", "“", '"', "the", "a", "an", "its", "his", "her", "their", "this", "these"} or (
        t.low in lx.PRONOUNS) or t.cap or t.low.isdigit()


def _headline(toks: list[Token]) -> bool:
    words = [t for t in toks if t.text[0].isalpha()]
    return len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)


def _verb(text: str, ss: int, se: int, toks: list[Token], i: int, prior: list[Cand]) -> Cand | None:
    t = toks[i]
    j = skip_aux(toks, i)
    aux = {x.low for x in toks[j:i]}
    if aux & (lx.NEGATION | lx.MODALS):
        return None
    if aux & lx.COPULA and t.low.endswith(("ed", "en", "id", "ld", "wn", "ht")):
        return None  # passive: "was said to", "were told"
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.low.endswith("s") and nxt is not None and nxt.low in {"have", "are", "were"}:
        return None  # "Health worries have dogged ...": a plural noun, not a verb
    if t.low in _NOUN_LIKE and j == i and (nxt is None or not _opens_statement(nxt)):
        return None  # "member states trump ...", "Fifth Amendment claims, prosecutors ...": nouns
    if t.low.endswith("ed") and j == i and nxt is not None and (
            nxt.low == "by" or (nxt.low in {"of", "with"} and t.low in _PASSIVE_OF)):
        return None  # "people accused of rape", "a plan backed by": a passive, nobody asserts
    if t.low.endswith("ing") and not (aux & lx.COPULA):
        return _participle(text, se, toks, i, prior)
    if j > 0 and toks[j - 1].low in {"and", "but"} and prior and prior[-1].source_toks and j - 1 > 0 and (
            prior[-1].content[0] < toks[j - 1].start < prior[-1].content[1]):
        # "X said ... and warned that ...": the verbs share their subject; the first content ends there
        last = prior[-1]
        last.content = (last.content[0], min(last.content[1], trim_back(text, toks[j - 1].start)))
        k = skip_time(toks, cue_tail(text, toks, i)[1])
        stem = t.low[:-2] if t.low.endswith("ed") else t.low.rstrip("s")
        if k < len(toks) and toks[k].low in lx.CUE_PARTICLES.get(stem, ()):
            k += 1
        while k < len(toks) and toks[k].low in CONTENT_LEAD:
            k += 1
        after = content_span(text, toks[k].start, cut_content(text, toks[k].start, se)) if k < len(toks) else None
        if after is None or toks[k].low in lx.PREPOSITIONS:
            return None
        return Cand(after, (toks[j].start, toks[i].end), last.source, last.source_toks, "reported:coordinated",
                    via=last.via, confidence=0.7)
    cue_end, k = cue_tail(text, toks, i)
    stem = t.low[:-2] if t.low.endswith("ed") else t.low.rstrip("s")
    if k < len(toks) and toks[k].low in lx.CUE_PARTICLES.get(stem, ()):
        cue_end, k = toks[k].end, k + 1
    cue = (toks[j].start, cue_end)
    via = report_via(text, ss, toks[max(0, j - 12)].start if j else ss)
    # Object of "told"/"confirmed to": a plain audience joins the cue, an outlet becomes the via.
    if t.low in {"told", "tell", "tells"} or (k < len(toks) and toks[k].low == "to" and t.low in lx.SPEECH_VERBS):
        obj_start = k + 1 if toks[k:k + 1] and toks[k].low == "to" else k
        rest = text[toks[obj_start].start:].lower() if obj_start < len(toks) else ""
        aud = next((a for a in lx.TOLD_OBJECTS if rest.startswith(a) and (len(rest) == len(a)
                                                                          or not rest[len(a)].isalnum())),
                   None)
        if aud:
            end = toks[obj_start].start + len(aud)
            while k < len(toks) and toks[k].end <= end:
                k += 1
            if obj_start == k - 1 or toks[obj_start - 1].low != "to":
                cue = (cue[0], end) if t.low.startswith("t") else cue
        elif obj_start < len(toks):
            e = np_after(toks, obj_start)
            if e is not None:
                if audience_is_outlet(text, toks[obj_start:e]):
                    via = (toks[obj_start].start, toks[e - 1].end)
                k = e
            elif t.low.startswith("t"):
                return None
    k = skip_time(toks, k)
    # Source before the verb group?
    src = None
    src_toks: list[Token] = []
    appos = None
    if j > 1 and toks[j - 1].low == "who" and (toks[j - 2].text == "," or t.low in lx.SPEECH_VERBS):
        # "..., Jane Roe, who said ...", "a staffer who told ..."
        end = j - 2 if toks[j - 2].text == "," else j - 1
        s = np_before(toks, end)
        if s is not None:
            src_toks = toks[s:end]
            src = (src_toks[0].start, src_toks[-1].end)
    elif j > 0:
        j = skip_time_back(toks, j)
        s = np_before(toks, j)
        if s is not None and not first_or_second(toks[s]):
            src_toks = toks[s:j]
            src = (src_toks[0].start, src_toks[-1].end)
        elif toks[j - 1].text == ",":
            grp = appositive_group(toks, j - 1, -1)
            if grp is not None:
                src_toks = toks[grp[0]:grp[1]]
                src = (src_toks[0].start, src_toks[-1].end)
                appos = (toks[grp[2]].start, toks[grp[3] - 1].end) if grp[3] > grp[2] else None
    inverted = False
    if src is None:
        if t.low not in INVERTABLE or (j > 0 and toks[j - 1].text not in {",", "”", '"', "—", "–"}):
            return None
        e = np_after(toks, k)
        if e is None or first_or_second(toks[k]) or (e == k + 1 and toks[k].low in lx.PRONOUNS):
            return None  # "said he would": the pronoun starts the reported clause
        src_toks = toks[k:e]
        src = (src_toks[0].start, src_toks[-1].end)
        inverted = True
        k = skip_time(toks, cue_tail(text, toks, e - 1)[1])
    if src_toks and first_or_second(src_toks[0]):
        return None
    if t.low in lx.EVIDENCE_VERBS and classify_kind(src_toks) != "document":
        return None  # "police found a car": only a report, poll or study finds or shows a claim
    if t.low in lx.BASE_FORMS and j == i and len(src_toks) >= 1 and singular_subject(src_toks):
        return None  # "Battleground state Florida": a base-form verb needs a plural subject
    if src_toks and len(src_toks) == 1 and src_toks[0].low in {"it"} and t.low in lx.ATTITUDE_VERBS:
        return None
    src_first = toks.index(src_toks[0])
    reason = anonymity_reason(text, src[1], se)
    # Content after the cue?
    while k < len(toks) and toks[k].low in CONTENT_LEAD:
        k += 1
    if k < len(toks) and t.low in {"described", "characterized", "characterised", "describes",
                                   "describe", "characterize"} and toks[k].low == "as":
        k += 1
    if k < len(toks) and toks[k].low in {"about", "over", "of"} and t.low in lx.ATTITUDE_VERBS:
        k += 1
    if reason and k < len(toks) and toks[k].start < reason[1]:
        while k < len(toks) and toks[k].start < reason[1]:
            k += 1
        while k < len(toks) and toks[k].text in {",", "."}:
            k += 1
    if k + 1 < len(toks) and t.low in CORE_SAY and toks[k].low in SETTING_PREPS and (
            (toks[k].low, toks[k + 1].low) not in NOT_SETTINGS):
        k = past_setting(toks, k)
        while k < len(toks) and (toks[k].low in CONTENT_LEAD or toks[k].text in {"”", '"', "’"}):
            k += 1
    no_content_after = k < len(toks) and (
        toks[k].low in SUBORDINATORS | NOT_CONTENT_START or bare_object(toks, k))
    content_end = cut_content(text, toks[k].start, se) if k < len(toks) else se
    if k < len(toks) and text.count("“", ss, t.start) > text.count("”", ss, t.start):
        # a cue inside a quotation: what it governs ends with the quotation
        close = text.find("”", toks[k].start, content_end)
        if close > 0:
            content_end = close
    if toks[0].low in SUBORDINATORS and src_first > 0 and k < len(toks):
        comma = next((x for x in toks[k:] if x.text == ","), None)
        if comma is not None:
            content_end = min(content_end, comma.start)  # "While he acknowledged X, Y happened."
    after = (content_span(text, toks[k].start, content_end) if k < len(toks) and not inverted
             and not no_content_after else None)
    if (after is not None and toks[k].low in lx.PREPOSITIONS and toks[k - 1].low not in {"that", ":"}
            and t.low not in CORE_SAY and not (toks[k].low == "at" and t.low in _AT_CUES)):
        return None  # "support to Iraq", "continue with": a noun or an intransitive, not a cue
    before_lo = ss
    # Content before: "..., American officials said." / "..., said Kirby."
    lead_tok = src_first if not inverted else j
    # "A, officials said, B" (after is None for an inverted cue, so this is never "A, said X, B")
    parenthetical = (after is not None and k > 0 and toks[k - 1].text == "," and lead_tok > 0
                     and toks[lead_tok - 1].text == ",")
    if parenthetical and writer_adjunct(toks[k]):
        # "A, officials said Friday, as they ...": what follows the cue is the writer's adjunct, A the content
        after = None
    elif parenthetical:
        # keep a short lead-in with the clause
        lead = content_span(text, before_lo, toks[lead_tok - 1].start)
        lead_toks = [x for x in toks if lead is not None and lead[0] <= x.start < lead[1]]
        # "Since May, officials said, ...": an adverbial lead is not part of what was said
        subject_lead = lead is not None and bool(lead_toks) and not adverbial_lead(lead_toks[0])
        # a cue word after "of" or a determiner is a noun ("Acts of protest"), not a verb of its own
        noun_cue = [n > 0 and lead_toks[n - 1].low in lx.DETERMINERS | {"of"} for n in range(len(lead_toks))]
        if subject_lead and len(lead_toks) <= LEAD_WORDS and not any(
                x.low in VERB_CUES and not x.cap and not noun_cue[n] for n, x in enumerate(lead_toks)):
            after = (lead[0], after[1])
        return Cand(after, cue, src, src_toks, "reported:parenthetical", via=via, reason=reason,
                    appositive=appos, confidence=0.75)
    if after is not None:
        return Cand(after, cue, src, src_toks, "reported:source-cue-content", via=via, reason=reason,
                    appositive=appos, confidence=0.85 if t.low in lx.SPEECH_VERBS else 0.7)
    if lead_tok > 0 and toks[lead_tok - 1].text in {",", "”", '"', "—", "–"}:
        before = content_span(text, before_lo, toks[lead_tok - 1].start)
        if before is not None:
            return Cand(before, cue, src, src_toks, "reported:content-source-cue" if not inverted
                        else "reported:content-cue-source", via=via, reason=reason, appositive=appos,
                        confidence=0.85)
    return None




def _subject(toks: list[Token]) -> list[Token]:
    """The subject phrase of a sentence, after an introductory phrase ending in a comma."""
    starts = [0]
    if toks and toks[0].low in lx.PREPOSITIONS | {"during", "after", "before", "in", "at", "on"}:
        comma = next((k for k, t in enumerate(toks[:20]) if t.text == ","), None)
        if comma is not None:
            starts = [comma + 1]
    for st in starts:
        e = np_after(toks, st)
        if e is not None:
            return toks[st:e]
    return []


def _participle(text: str, se: int, toks: list[Token], i: int, prior: list[Cand]) -> Cand | None:
    """", adding that ...", "while refuting claims that ...": the speaker of the clause before, or the
    subject of the sentence."""
    b = i - 1
    while b > 0 and toks[b].text in {"”", '"', "''"}:
        b -= 1
    if i == 0 or toks[b].text not in {",", "while", "before", "after", "by"}:
        return None
    k = i + 1
    if k < len(toks) and toks[k].low in {"claims", "reports", "suggestions", "allegations"}:
        k += 1
    while k < len(toks) and toks[k].low in CONTENT_LEAD:
        k += 1
    if k >= len(toks):
        return None
    after = content_span(text, toks[k].start, cut_content(text, toks[k].start, se))
    if after is None or toks[k].low in lx.PREPOSITIONS:
        return None
    if prior:
        last = prior[-1]
        return Cand(after, (toks[i].start, toks[i].end), last.source, last.source_toks, "reported:participle",
                    via=last.via, confidence=0.6)
    subj = _subject(toks[:b])
    if not subj or first_or_second(subj[0]) or (len(subj) == 1 and subj[0].low == "it"):
        return None
    return Cand(after, (toks[i].start, toks[i].end), (subj[0].start, subj[-1].end), subj,
                "reported:participle-subject", confidence=0.55)


