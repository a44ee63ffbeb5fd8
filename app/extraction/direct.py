"""Direct-quote rules: a quotation and the speaker named right after or right before it, split
quotes, quotes continued over paragraphs, and quotes with no cue that continue the last speaker."""

from __future__ import annotations

import itertools
import re

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand
from app.extraction.clauses import appositive_group, cue_tail, is_adjunct, skip_aux, skip_time
from app.extraction.segment import Quote, Token, quotes, tokens
from app.extraction.speakers import (
    anonymity_reason,
    audience_is_outlet,
    classify,
    first_or_second,
    name_in_apposition,
    np_after,
    np_before,
    person_name,
    valid_np,
)

_OPEN_MARKS = {"“", '"', "«", "„"}
_LEAD_PUNCT = {",", "—", "–", "-", ":"}
_BETWEEN_OK = re.compile(r"[\s.,;:—–-]*\Z|.*[.,:][”\"']?\s*\Z", re.DOTALL)
_FIRST_PERSON_START = re.compile(r"(?:We|I|Our|My|Us)\b")
# The rule of a quotation opening a paragraph with no cue, going on from the one before (its speaker's).
CONTINUED_QUOTE = "direct:continuation-paragraph"


def _content(text: str, q: Quote) -> tuple[int, int] | None:
    s, e = q.start, q.end
    while s < e and text[s] in " \t…":
        s += 1
    while e > s and text[e - 1] in " \t,.;:—–-":
        e -= 1
    return (s, e) if e > s and re.search(r"\w", text[s:e]) else None


def _attach_dash(text: str, q: Quote, pe: int) -> Cand | None:
    """'“...” ― Jane Roe' closing a paragraph: the dash names the speaker."""
    m = _DASH_NAME.match(text, q.close, pe)
    if not m:
        return None
    toks = tokens(text, m.start(2), m.end(2))
    if not toks or not valid_np(toks) or classify(text, toks).kind == "pronoun":
        return None
    c = Cand(
        (0, 0),
        (m.start(1), m.end(1)),
        (toks[0].start, toks[-1].end),
        toks,
        "direct:quote-dash-source",
        direct=True,
        confidence=0.85,
    )
    c.sentence = (q.open, m.end(2))
    return c


def _attach_after(text: str, q: Quote, pe: int) -> Cand | None:
    dashed = _attach_dash(text, q, pe)
    if dashed is not None:
        return dashed
    inner = text[q.start : q.end].rstrip()
    if inner.endswith((".", "…")) and not inner.endswith("..."):
        return None  # '... day.” Another official ...': the quoted sentence ended; a new one begins
    limit = min(pe, q.close + 400)
    toks = tokens(text, q.close, limit)
    # stop at the next quotation or sentence end
    cut = len(toks)
    for k, t in enumerate(toks):
        if t.text in _OPEN_MARKS or (t.text in {".", "!", "?"} and k > 0):
            cut = k
            break
    toks = toks[: cut + 1] if cut < len(toks) else toks
    i = 0
    while i < len(toks) and toks[i].text in _LEAD_PUNCT:
        i += 1
    if i >= len(toks):
        return None
    t = toks[i]
    manner = _manner_cue(toks, i, inner)
    if manner is not None:
        return manner
    if t.low in lx.SPEECH_VERBS and not t.low.endswith("ing"):
        # inverted: ', said a police officer, who ...'
        cue_end, k = cue_tail(text, toks, i)
        e = np_after(toks, k)
        rule = "direct:quote-cue-source"
        if e is None:
            e, rule = _open_source_end(toks, k), "direct:quote-cue-open-source"
        if e is None or first_or_second(toks[k]):
            return None
        src_toks = toks[k:e]
        src = (src_toks[0].start, src_toks[-1].end)
        appos = None
        reason = anonymity_reason(text, src[1], limit)
        if reason is None and e < len(toks) and toks[e].text == ",":
            # ", Hassan's executive officer." / ", a military spokeswoman."
            a_end = next((m for m in range(e + 1, len(toks)) if toks[m].text in {",", ".", ";"}), len(toks))
            if a_end > e + 1:
                appos = (toks[e + 1].start, toks[a_end - 1].end)
                name = name_in_apposition(text, src_toks, toks[e:])
                if name is not None:
                    # '“…,” said the firm's chief executive, Dr Jane Roe.': the name is the source
                    appos, src_toks = (src[0], src[1]), name
                    src = (src_toks[0].start, src_toks[-1].end)
                    reason = anonymity_reason(text, src[1], limit)
        att_end = max(x for x in (cue_end, src[1], reason[1] if reason else 0, appos[1] if appos else 0))
        c = Cand(
            (0, 0),
            (t.start, cue_end),
            src,
            src_toks,
            rule,
            direct=True,
            reason=reason,
            appositive=appos,
            confidence=0.95,
        )
        c.sentence = (q.open, att_end)
        return c
    # ', Roe said' / ', the ministry's spokeswoman, Jane Roe, said in a statement'
    for m in range(i, min(len(toks), i + 40)):
        v = toks[m]
        if v.low in lx.SPEECH_VERBS and not v.cap and not v.low.endswith("ing"):
            j = skip_aux(toks, m)
            if j <= i or {x.low for x in toks[j:m]} & lx.NEGATION:
                return None
            parts = _split_commas(toks[i:j])
            if not parts or not _names_someone(parts[0]):
                return None
            people = [p for p in parts if valid_np(p) and classify(text, p).kind == "person"]
            # a name before a role that names nobody ("the union's general secretary, Frank Ahern,")
            src_part = next((p for p in people if person_name(p)), people[0] if people else parts[0])
            others = [p for p in parts if p is not src_part and not is_adjunct(p)]
            if any(not _appositive_like(p) for p in others):
                return None
            appos = (others[0][0].start, others[0][-1].end) if others else None
            cue_end, k = cue_tail(text, toks, m)
            rule = "direct:quote-source-cue" if valid_np(src_part) else "direct:quote-open-source-cue"
            via = None
            if v.low in {"told", "tells", "tell"} and k < len(toks):
                e = np_after(toks, k)
                if e is not None:
                    if audience_is_outlet(text, toks[k:e]):
                        via = (toks[k].start, toks[e - 1].end)
                    elif " ".join(x.low for x in toks[k:e]) in lx.TOLD_OBJECTS:
                        cue_end = toks[e - 1].end
                    k = e
            k = skip_time(toks, k)
            src = (src_part[0].start, src_part[-1].end)
            reason = anonymity_reason(text, src[1], limit)
            att_end = toks[k - 1].end if k > 0 else cue_end
            c = Cand(
                (0, 0),
                (toks[j].start, cue_end),
                src,
                src_part,
                rule,
                direct=True,
                via=via,
                reason=reason,
                appositive=appos,
                confidence=0.95,
            )
            c.sentence = (q.open, max(att_end, cue_end))
            return c
        if v.text in {".", "!", "?", ";"}:
            return None
    return None


# What may follow a quotation's cue that closes its clause: punctuation, or a conjunction opening the next one.
_CLAUSE_END = frozenset({".", ",", "!", "?", ";", "and", "but"})


def _manner_cue(toks: list[Token], i: int, inner: str) -> Cand | None:
    """A quotation's cue that no word list holds, by its place alone: a past-tense verb closing the clause
    right after a quotation that ends in a comma, question or exclamation mark, with a source phrase before
    it or after it ('"…!" the driver barked.', '"…?" pressed Ms. Roe,'): the verb says how the words were
    spoken."""
    if not inner.endswith((",", "?", "!")) or i + 2 >= len(toks) or first_or_second(toks[i]):
        return None
    before = np_after(toks, i, limit=6)
    if before is not None and before < len(toks) and _manner_verb(toks[before]):
        verb, src, end = toks[before], toks[i:before], before + 1
        if len(src) == 1 and src[0].low in lx.PRONOUNS and src[0].cap:
            return None  # '…?” He answered, “…”': a new sentence, introducing the next quotation
    elif _manner_verb(toks[i]) and toks[i + 1].cap and not first_or_second(toks[i + 1]):
        after = np_after(toks, i + 1, limit=6)
        if after is None:
            return None
        verb, src, end = toks[i], toks[i + 1 : after], after
    else:
        return None
    if end < len(toks) and toks[end].low not in _CLAUSE_END:
        return None
    inverted = verb is toks[i]
    c = Cand(
        (0, 0),
        (verb.start, verb.end),
        (src[0].start, src[-1].end),
        src,
        "direct:quote-cue-source" if inverted else "direct:quote-source-cue",
        direct=True,
        confidence=0.8,
    )
    c.sentence = (toks[0].start, toks[end - 1].end)
    return c


def _manner_verb(v: Token) -> bool:
    """A lowercase past tense no word list holds ("barked", "beamed"); a listed cue verb is read as one."""
    listed = v.low in lx.SPEECH_VERBS or v.low in lx.AUX
    return v.text.isalpha() and v.text.islower() and v.low.endswith("ed") and not listed


def _names_someone(p: list[Token]) -> bool:
    """Whether a phrase before the cue is a source: a listed one, or an open-class noun phrase ("one
    pensioner", "two beekeepers") as the reported rules read one (its findings have a rule name of their own,
    so the scorer learns how far to trust them)."""
    return valid_np(p) or (not first_or_second(p[0]) and np_before(p, len(p)) == 0)


# Where the source of an inverted cue ends at the latest: the clause's edge.
_CLAUSE_EDGE = frozenset({",", ".", ";", ":", "!", "?", "(", "—", "–", "-", "--", "who", "whose", "which", "that"})
_NOT_AT_THE_ENDS = lx.PREPOSITIONS | lx.NP_PREPS | lx.DETERMINERS | {"and", "or", "but", "as", "than"}
_OPEN_SOURCE_WORDS = 12


def _open_source_end(toks: list[Token], k: int) -> int | None:
    """The end of an inverted cue's source that no listed phrase reads ('“…,” said pollster Jane Roe.',
    '“…,” said one of the advisers, who …'): every word from k to the clause's edge, when they can name
    someone. At most _OPEN_SOURCE_WORDS words, opening with a determiner or closing with a capitalized word;
    none a pronoun, an auxiliary or "to"; no function word at either end; "and" only before a capital."""
    e = k
    while e < len(toks) and toks[e].low not in _CLAUSE_EDGE:
        e += 1
    run = toks[k:e]
    if not 1 <= len(run) <= _OPEN_SOURCE_WORDS or not all(any(ch.isalnum() for ch in t.text) for t in run):
        return None
    if any(t.low in lx.PRONOUNS or t.low in lx.AUX or t.low == "to" for t in run):
        return None
    if (run[0].low in _NOT_AT_THE_ENDS and run[0].low not in lx.DETERMINERS) or run[-1].low in _NOT_AT_THE_ENDS:
        return None
    if any(t.low in {"and", "or"} and not n.cap for t, n in itertools.pairwise(run)):
        return None
    return e if run[0].low in lx.DETERMINERS or run[-1].cap else None


def _split_commas(ts: list[Token]) -> list[list[Token]]:
    while ts and ts[-1].text == ",":
        ts = ts[:-1]
    parts: list[list[Token]] = [[]]
    for t in ts:
        if t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p] if all(parts) else []


def _appositive_like(p: list[Token]) -> bool:
    if len(p) > 25 or any(t.text in {".", "“", "”", '"'} for t in p):
        return False
    return (
        p[0].low in {"the", "a", "an", "who", "which", "its", "his", "her", "their", "one"}
        or p[0].cap
        or p[0].possessive
        or p[0].low.isdigit()
        or p[0].low in lx.NP_MODIFIERS
    )


# "― Jane Roe" or "― Jane Roe, Ohio" (a reader's or witness's place) closing the paragraph
_DASH_NAME = re.compile(r"\s*(―|—|–|--)\s*([A-Z][\w.'’\- ]{1,60}?)(?:,\s*[A-Z][\w.'’\- ]{1,40})?\s*$", re.MULTILINE)
_RUNS_ON = re.compile(r"[ \t\xa0]*[^\W\d_]")


def _runs_on(text: str, q: Quote) -> bool:
    """Whether the sentence goes on after the closing mark ('“X” the level of ...')."""
    return (
        q.closed
        and not text[q.start : q.end].rstrip().endswith((".", "!", "?", "…"))
        and bool(_RUNS_ON.match(text, q.close))
    )


def _attach_before(text: str, q: Quote, lo: int) -> Cand | None:
    if _runs_on(text, q):
        return None  # 'claimed “X” the level of ...': the quote is a fragment of a longer content
    toks = tokens(text, lo, q.open)
    end = len(toks)
    while end > 0 and toks[end - 1].text in _LEAD_PUNCT:
        end -= 1
    if end == len(toks) and end > 0 and toks[end - 1].low not in lx.SPEECH_VERBS:
        return None  # the quote runs on from the sentence: a fragment, not a quotation introduced
    if end == 0:
        return None
    # "According to the X, “...”"
    for a in range(max(0, end - 14), end - 2):
        if toks[a].low == "according" and toks[a + 1].low == "to" and np_after(toks, a + 2, 14) == end:
            src_toks = toks[a + 2 : end]
            return Cand(
                (0, 0),
                (toks[a].start, toks[a + 1].end),
                (src_toks[0].start, src_toks[-1].end),
                src_toks,
                "direct:according-to-quote",
                direct=True,
                confidence=0.9,
            )
    for v in range(end - 1, max(-1, end - 8), -1):
        t = toks[v]
        put_it = t.low == "put" and v + 1 < end and toks[v + 1].low == "it"  # 'as the memo put it, “...”'
        if (t.low not in lx.SPEECH_VERBS and not put_it) or t.cap or t.low.endswith("ing"):
            continue
        cue_end, k = cue_tail(text, toks, v)
        if put_it:
            cue_end, k = toks[v + 1].end, v + 2
        via = None
        tail = " ".join(x.low for x in toks[k:end])
        if tail and tail not in lx.TOLD_OBJECTS and not all(x.low in lx.TIME_WORDS for x in toks[k:end]):
            e = np_after(toks, k)
            if e != end or classify(text, toks[k:end]).kind != "outlet":
                continue
            via = (toks[k].start, toks[end - 1].end)
        elif tail in lx.TOLD_OBJECTS:
            cue_end = toks[end - 1].end
        j = skip_aux(toks, v)
        if {x.low for x in toks[j:v]} & lx.NEGATION:
            return None
        s = np_before(toks, j)
        appos = None
        if s is None and j > 0 and toks[j - 1].text == ",":
            grp = appositive_group(toks, j - 1, -1)
            if grp is None:
                return None
            s, src_end, a_start, a_end = grp
            appos = (toks[a_start].start, toks[a_end - 1].end) if a_end > a_start else None
        elif s is None:
            return None
        else:
            src_end = j
        src_toks = toks[s:src_end]
        if first_or_second(src_toks[0]):
            return None
        return Cand(
            (0, 0),
            (toks[j].start, cue_end),
            (src_toks[0].start, src_toks[-1].end),
            src_toks,
            "direct:source-cue-quote",
            direct=True,
            via=via,
            appositive=appos,
            reason=anonymity_reason(text, src_toks[-1].end, q.open),
            confidence=0.9,
        )
    return None


_BUT_AND = re.compile(r"\s*,?\s*(?:but|and)\s*\Z")


def _new_speaker(text: str, s: int, e: int) -> bool:
    """Whether a cue verb with a subject of its own stands between two quotes."""
    toks = tokens(text, s, e)
    for k, t in enumerate(toks):
        if t.low in lx.SPEECH_VERBS and not t.cap and not t.low.endswith("ing") and k > 0:
            j = skip_aux(toks, k)
            if j > 0 and toks[k - 1].low not in lx.COPULA and np_before(toks, j) is not None:
                return True
    return False


def _fragment_lead(text: str, q: Quote, sents: list[tuple[int, int]]) -> int | None:
    """Start of the sentence when the quote opens mid-sentence after ordinary words, else None."""
    start = next((a for a, b in sents if a <= q.open < b), None)
    if start is None or start >= q.open:
        return None
    prefix = text[start : q.open].rstrip()
    if not prefix or prefix[-1] in ',:;—–-.”"' or prefix.split()[-1].lower() in lx.SPEECH_VERBS:
        return None
    while start < q.open and not text[start].isalnum():
        start += 1
    return start


def _governed(text: str, lead: int, opening: int) -> bool:
    """Whether the words before a quotation end in a cue of their own and its "that" ("even as X claimed on
    Tuesday that “…”"): the quotation is that cue's content."""
    words = [w.strip(",;:").lower() for w in text[lead:opening].split()]
    return len(words) > 1 and words[-1] == "that" and any(w in lx.SPEECH_VERBS or w in lx.ATTITUDE_VERBS for w in words)


def _goes_on(text: str, at: int) -> bool:
    """Whether a word follows a cue (its own content, "said the gates held"), not a comma or a full stop."""
    rest = text[at : at + 3].lstrip(" ")
    return rest[:1].isalpha()


def _clone(base: Cand, content: tuple[int, int], rule: str, conf: float) -> Cand:
    c = Cand(
        content,
        base.cue,
        base.source,
        base.source_toks,
        rule,
        direct=True,
        via=base.via,
        reason=base.reason,
        appositive=base.appositive,
        confidence=conf,
    )
    c.inherit_from = base
    return c


def _colon_lead_in(text: str, q: Quote, lead_in: tuple[int, int]) -> Cand | None:
    """A quotation opening its paragraph, introduced by the previous one's last sentence ending in a colon:
    'In a speech, she declared:' / 'The governor released the following statement:'. A cue verb is read
    as within a paragraph; otherwise the clause's subject is the source and the rest up to the colon the
    cue."""
    c = _attach_before(text, q, lead_in[0])
    if c is not None:
        c.rule = "direct:colon-paragraph-quote"
        return c
    toks = tokens(text, lead_in[0], lead_in[1])
    if len(toks) < 3 or toks[-1].text != ":":
        return None
    # the clause closing the sentence: after its last comma or dash ("When she died, the mayor said:")
    k = max((n + 1 for n, t in enumerate(toks[:-1]) if t.text in {",", "—", "–", ";"}), default=0)
    e = np_after(toks, k)
    if e is None or e >= len(toks) - 1 or len(toks) - 1 - e > 8 or first_or_second(toks[k]):
        return None
    src_toks = toks[k:e]
    if not valid_np(src_toks) or not toks[e].low.isalpha() or toks[e].cap or toks[e].low in lx.NP_PREPS:
        return None
    return Cand(
        (0, 0),
        (toks[e].start, toks[-2].end),
        (src_toks[0].start, src_toks[-1].end),
        src_toks,
        "direct:colon-paragraph-quote",
        direct=True,
        reason=anonymity_reason(text, src_toks[-1].end, toks[-1].start),
        confidence=0.8,
    )


def direct_in_paragraph(
    text: str,
    ps: int,
    pe: int,
    para: int,
    sents: list[tuple[int, int]],
    prev_last: Cand | None,
    prev_open: bool,
    lead_in: tuple[int, int] | None = None,
) -> list[Cand]:
    """Direct-quote attributions of one paragraph. prev_last is the previous paragraph's last direct
    quote attribution; prev_open says whether that paragraph ended inside an unclosed quote; lead_in is
    the previous paragraph's last sentence when it ends in a colon."""
    qs = quotes(text, ps, pe)
    att: list[Cand | None] = []
    for n, q in enumerate(qs):
        c = _attach_after(text, q, pe)
        if c is None:
            lo = qs[n - 1].close if n > 0 else ps
            for s, _e in sents:
                if s <= q.open and s > lo:
                    lo = s
            c = _attach_before(text, q, lo)
        if c is None and n == 0 and lead_in is not None and q.open <= ps + 1 and not prev_open:
            c = _colon_lead_in(text, q, lead_in)
        att.append(c)
    out: list[Cand] = []
    last: Cand | None = None
    last_end = ps
    for n, q in enumerate(qs):
        content = _content(text, q)
        if content is None:
            continue
        c = att[n]
        words = len(text[content[0] : content[1]].split())
        if c is not None:
            c.content = content
            c.para = para
            lead = _fragment_lead(text, q, sents)
            if lead is not None and c.rule in {"direct:quote-source-cue", "direct:quote-open-source-cue"}:
                if _governed(text, lead, q.open) and c.cue is not None and _goes_on(text, c.cue[1]):
                    continue  # '... as X claimed that “…,” an aide said Y': the quote is X's, the aide's is Y
                # '... including “the grave situation,” the spokeswoman said': the quote is a fragment
                # of reported speech, whose content starts with its sentence
                c.content, c.direct, c.rule = (lead, content[1]), False, "mixed:fragment-quote-source-cue"
            out.append(c)
            last, last_end = c, max(q.close, c.sentence[1])
            continue
        between = text[last_end : q.open] if last is not None else ""
        if (
            last is not None
            and len(between) < 300
            and (_BETWEEN_OK.match(between) or _BUT_AND.match(between))
            and not _new_speaker(text, last_end, q.open)
            and words >= 3
            and not _runs_on(text, q)
            and (_fragment_lead(text, q, sents) is None or _BUT_AND.match(between))
        ):
            c = _clone(last, content, "direct:split-quote", 0.85)
            part = next(
                (t for t in tokens(text, last_end, q.open)[-3:] if t.low.endswith("ing") and t.low in lx.SPEECH_VERBS),
                None,
            )
            if part is not None:
                c.cue = (part.start, part.end)  # '..., adding, “B”': the second piece has its own cue
        elif (
            q.closed
            and n + 1 < len(qs)
            and att[n + 1] is not None
            and not text[q.close : qs[n + 1].open].strip()
            and words >= 2
        ):
            nxt = att[n + 1]
            c = _clone(nxt, content, "direct:quote-before-attributed-quote", 0.8)
        elif (
            q.open <= ps + 1
            and prev_last is not None
            and words >= 3
            and (prev_open or not any(a is not None for a in att))
            and not _cued_later(text, q, sents)
        ):
            # the speaker's words go on in a paragraph of their own: a piece of the quotation the paragraph
            # before attributed, with its source and cue (the guidelines' one attribution a piece)
            c = _clone(prev_last, content, CONTINUED_QUOTE, 0.75)
        if c is not None:
            c.para = para
            out.append(c)
            last, last_end = c, q.close
    if last is not None and out:
        out.extend(_unquoted_continuation(text, qs, sents, last, para, pe))
    return out


def _cued_later(text: str, q: Quote, sents: list[tuple[int, int]]) -> bool:
    """Whether the sentence a closed quotation opens goes on to a cue verb of its own ('"People were
    celebrating" before the parade, she said'): a paragraph attributed there, not a continuation."""
    end = next((e for s, e in sents if s <= q.open < e), q.close)
    return q.closed and _holds_cue(tokens(text, q.close, end))


def _holds_cue(toks: list[Token]) -> bool:
    """Whether a stretch of words holds a cue verb of its own (lowercase: not a name)."""
    return any(t.low in lx.SPEECH_VERBS and not t.cap for t in toks)


def _unquoted_continuation(
    text: str, qs: list[Quote], sents: list[tuple[int, int]], last: Cand, para: int, pe: int
) -> list[Cand]:
    """Scraped pages lose quotation marks: a first-person sentence right after a quote, with no cue of
    its own, still belongs to the quoted speaker."""
    out = []
    after = max(q.close for q in qs)
    base = last.inherit_from or last
    for s, e in sents:
        if s < after or not _FIRST_PERSON_START.match(text, s):
            continue
        if any(ch in text[s:e] for ch in '“”"«»'):
            break
        if _holds_cue(tokens(text, s, e)):
            break
        ce = e
        while ce > s and text[ce - 1] in " .":
            ce -= 1
        c = Cand(
            (s, ce),
            base.cue,
            base.source,
            base.source_toks,
            "direct:unquoted-first-person",
            direct=False,
            via=base.via,
            confidence=0.55,
        )
        c.inherit_from = base
        c.para = para
        out.append(c)
    return out
