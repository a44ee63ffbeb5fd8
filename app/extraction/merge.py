"""The CRF tagger's proposals as candidates beside the rule findings.

A proposal's source goes through the same speaker code as the rules'; which of several readings of one
attribution is kept is the scorer's choice (scorer.py, pipeline.select). When the tagger or its model
file is absent, the rules stand alone.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand, lead_piece
from app.extraction.clauses import SUBORDINATORS, said_of_subject
from app.extraction.open_np import open_np_after, open_word
from app.extraction.reported import passive_participle
from app.extraction.resolve import Resolver
from app.extraction.segment import Token, line_start, sentence_start_in, sentences, tokens
from app.extraction.spans import containing, overlap
from app.extraction.speakers import first_or_second, name_in_apposition, np_after, np_before, valid_np
from app.extraction.types import Span

# Proposals below this mean content probability are fragments far more often than attributions; above
# it the scorer (scorer.py) decides. Chosen on PolNeAR train folds (training/train_extractor.py).
MIN_PROPOSAL = 0.3

_tagger: Any = None
_tagger_checked = False


def _load() -> Any:
    global _tagger, _tagger_checked
    if not _tagger_checked:
        _tagger_checked = True
        try:
            _tagger = importlib.import_module("app.extraction.tagger")
        except ImportError:
            _tagger = None
    return _tagger


def tagger_version() -> str | None:
    mod = _load()
    if mod is None:
        return None
    available = getattr(mod, "model_available", None)
    if callable(available) and not available():
        return None
    version = getattr(mod, "model_version", None)
    return str(version()) if callable(version) else str(getattr(mod, "MODEL_VERSION", "crf"))


def tagger_reading(text: str, skip: list[tuple[int, int]], model: Any = None) -> Any:
    """The tagger's reading of text (tagger.TaggerReading), or None when no tagger model is shipped."""
    mod = _load()
    if mod is None or (model is None and not tagger_version()):
        return None
    try:
        return mod.read(text, skip, model)
    except FileNotFoundError:
        return None  # no trained model shipped: the rules stand alone


_OPEN_MARKS = "\"“«'"
_NOT_SOURCES = {"which", "that", "who", "what", "it", "this"}
_ARTICLES = {"the", "a", "an"}


def _source_phrase(text: str, source: Any, cue: Any) -> tuple[tuple[int, int] | None, list]:
    """The tagger's source read by the speaker code: (span as written, tokens to resolve), or (None, [])
    when it names nobody. "who"/"which" stand for the phrase before them; "Jane Roe, a lawyer," is
    trimmed to its head phrase; a lone article ("The" of "The ministry has sought …") is read on to the
    phrase it opens, before the cue; a phrase of nouns no word list holds, as the rules read one
    (`_unnamed_people`)."""
    toks = [t for t in tokens(text, source.start, source.end) if t.text != "."]
    if not toks or first_or_second(toks[0]):
        return None, []
    subject = _subject_of_clause(text, source, cue)
    if subject:
        return (subject[0].start, subject[-1].end), subject
    if len(toks) == 1 and toks[0].low in _ARTICLES and cue is not None and cue.start > source.end:
        ahead = tokens(text, source.start, cue.start)
        e = np_after(ahead, 0)
        if e is not None and e > 1:
            return (ahead[0].start, ahead[e - 1].end), ahead[:e]
    if len(toks) == 1 and toks[0].low in {"who", "which"}:
        line = line_start(text, source.start)
        before = tokens(text, line, source.start)
        end = len(before) - (1 if before and before[-1].text == "," else 0)
        s = np_before(before, end) if end > 0 else None
        if s is None:
            return None, []
        return (source.start, source.end), before[s:end]
    if len(toks) == 1 and toks[0].low in _NOT_SOURCES:
        return None, []
    if "," in {t.text for t in toks}:
        toks = toks[: [t.text for t in toks].index(",")]
    while len(toks) > 1 and toks[-1].low in lx.PREPOSITIONS and not toks[-1].cap:
        toks = toks[:-1]  # "A state judge on" (Thursday ordered …): the tagger ran on into an adjunct
    if toks:
        toks = _with_holder(text, toks)
    if toks and (valid_np(toks) or _unnamed_people(toks)):
        # "A government spokesman, Jane Roe, told ...": the name set off after an unnamed source spoke
        name = name_in_apposition(text, toks, tokens(text, toks[-1].end, min(len(text), toks[-1].end + 80)))
        return ((name[0].start, name[-1].end), name) if name else ((toks[0].start, toks[-1].end), toks)
    return None, []


_CLAUSE_END = re.compile(r"[\w '’-]*,\s*")  # the rest of the phrase and the comma closing the clause
_RELATIVE_SET_OFF = re.compile(r",\s+(?:which|who)\s[^,]*\Z")


def _subject_of_clause(text: str, source: Any, cue: Any) -> list:
    """The subject a relative clause set off by commas describes, when the tagger took a phrase at the
    clause's end for the source of the cue after it ("Conservation groups, which sued the agency to force a
    decision, welcomed …"): the clause holds its own verb, and the cue is the subject's; [] otherwise."""
    if cue is None or not _CLAUSE_END.fullmatch(text, source.end, cue.start):
        return []
    line = line_start(text, source.start)
    m = _RELATIVE_SET_OFF.search(text, line, source.start)
    if m is None:
        return []
    before = tokens(text, line, m.start())
    s = np_before(before, len(before)) if before else None
    return before[s:] if s is not None else []


def _with_holder(text: str, toks: list) -> list:
    """The tagger's source with the phrase it is the object of, when the tagger read only that object ("the
    losing candidate for | county executive | asked"): the noun before the preposition names a speaker (a
    role, an unnamed source's head, an organization), and the whole is one source phrase."""
    line = line_start(text, toks[0].start)
    before = tokens(text, line, toks[-1].end)
    k = len(before) - len(toks)
    while k > 0 and k > len(before) - len(toks) - 3 and open_word(before[k - 1]):
        k -= 1  # "for | county | executive": the object's first words, which the tagger left out
    if k < 2 or before[k - 1].low not in lx.NP_PREPS or before[k - 1].cap:
        return toks
    noun = before[k - 2]
    if noun.cap or noun.low not in _SPEAKER_NOUNS:
        return toks
    s = np_before(before, len(before))
    return before[s:] if s is not None and s < k - 1 else toks


_SPEAKER_NOUNS = lx.ROLE_NOUNS | lx.ANON_HEADS | lx.ORG_HEADS
_DEFINITE = {"the", "this", "that", "these", "those"}


def _unnamed_people(toks: list) -> bool:
    """An open-class noun phrase that is not a definite description ("one fan", "Farmers upstream", "a lot of
    people"): left unread, its speaker would have no kind, and unnamed people would not count as anonymous. A
    definite one ("the actor", "the ad") points back to someone named before or is a thing: left unread."""
    if toks[0].low in _DEFINITE or (len(toks) == 1 and toks[0].low in lx.DETERMINERS):
        return False  # a lone "all", "most": the tagger cut the phrase ("in all these reports")
    return open_np_after(toks, 0) == len(toks)


_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \u00a0]\Z")


def _cue_in_name(text: str, cue: tuple[int, int]) -> bool:
    """Whether the tagger's cue is the last word of a name ("… said Amir Said, who runs a bakery"): capitalized,
    right after a capitalized word, and closing its phrase."""
    s, e = cue
    if not text[s : s + 1].isupper() or e - s < 2 or text[s + 1 : e].isupper():
        return False
    return _NAME_BEFORE.search(text, max(0, s - 40), s) is not None and text[e : e + 1] in {",", ".", ";", ""}


def _reduced_participle(text: str, cue: Any, source: Any, cues: set[tuple[int, int]]) -> bool:
    """Whether the cue is a participle modifying the phrase just before it, with no auxiliary ("firms
    accused of ...", "the group, known as ...", "drones, also called ..."), and the source the subject of
    another cue between them ("Britain announced sanctions on firms accused of ..."): that source is no
    agent of this cue."""
    if cue is None or source.end > cue.start:
        return False
    if not any(source.end <= a and b <= cue.start for a, b in cues):
        return False
    words = [t.low for t in tokens(text, cue.start, cue.end) if t.low.isalpha()]
    verbs = [w for w in words if w not in lx.AUX and not w.endswith("ly")]
    if not verbs or not verbs[0].endswith(("ed", "en", "wn")) or set(words) & (lx.COPULA | {"has", "have", "had"}):
        return False
    before = [t for t in tokens(text, max(0, cue.start - 40), cue.start) if t.low not in lx.AUX]
    if not before:
        return False
    last = before[-1]
    return last.text == "," or (
        last.low.isalpha() and last.low not in {"and", "or", "but"} and last.low not in lx.PRONOUNS
    )


def _passive_after_source(text: str, cue: Any, source: Any) -> bool:
    """Whether the cue is one passive participle right after its source ("firms accused of …", "a plan backed
    by …", `reported.passive_participle`): the source is the one acted on, not the one speaking."""
    if cue is None or source.end > cue.start or text[source.end : cue.start].strip():
        return False
    words = tokens(text, cue.start, cue.end)
    after = tokens(text, cue.end, min(len(text), cue.end + 12))
    return len(words) == 1 and passive_participle(words[0], after[0] if after else None)


def _no_agent(
    text: str, p: Any, cues: set[tuple[int, int]], paras: list[tuple[int, int]], para_starts: list[int]
) -> bool:
    """Whether the proposal's source is no agent of its cue: a participle's (see the two readings below), or a
    phrase that "not" denies ("Not all economists agree …")."""
    if _reduced_participle(text, p.cue, p.source, cues) or _passive_after_source(text, p.cue, p.source):
        return True
    if _NEGATED.search(text, max(0, p.source.start - 5), p.source.start):
        return True
    if p.cue is not None and said_of_subject(text, p.cue.start, p.cue.end):
        return True
    at = containing(paras, para_starts, p.cue.start) if p.cue is not None else None
    para = paras[at] if at is not None else None
    if _parenthetical_participle(text, p.cue, p.source, cues, para) or _passive_of_saying(text, p.cue, p.source):
        return True
    if para is not None and _another_sentence(text, p.cue, p.source, para):
        return True
    return para is not None and _opening_participle(text, p.cue, p.source, para)


def _another_sentence(text: str, cue: Any, source: Any, para: tuple[int, int]) -> bool:
    """Whether the source stands in another sentence than its cue ("Police said …. It is understood that …"):
    the tagger's linker reaches for the nearest source, but a source and its cue share a sentence (all but 27 of
    PolNeAR train's 18,409 pairs, most of those a headline run into its text)."""
    lo, hi = min(source.start, cue.start), max(source.end, cue.end)
    if lo < para[0] or hi > para[1]:
        return True
    return not any(s <= lo and hi <= e for s, e in sentences(text, *para))


def _content_elsewhere(text: str, p: Any, paras: list[tuple[int, int]], para_starts: list[int]) -> bool:
    """Whether a content without quotation marks stands wholly outside its cue's sentence ("His office said … .
    He is expected to visit …" read as what the office said): on PolNeAR train's gold, 13 of 13,481 such
    contents do, nearly all after a cue closing its sentence with a colon, which is left alone."""
    para = containing(paras, para_starts, p.cue.start)
    if para is None:
        return False
    span = next(((s, e) for s, e in sentences(text, *paras[para]) if s <= p.cue.start < e), None)
    if span is None or text[span[0] : span[1]].rstrip().endswith(":"):
        return False
    pieces = p.pieces or (p.content,)
    if any(mark in text[x.start : x.end] for x in pieces for mark in ('"', "“", "”", "''")):
        return False
    return not any(x.start < span[1] and span[0] < x.end for x in pieces)


def _subordinate_source(text: str, content_end: int, source_start: int) -> bool:
    """Whether a content before its source is set apart from it by a conjunction opening the source's own clause
    ("A, although officials say B", "A, but critics argue B"): the content belongs to another clause."""
    if content_end > source_start or source_start - content_end > 40:
        return False
    words = [t.low for t in tokens(text, content_end, source_start)]
    return any((w in SUBORDINATORS and w != "as") or w in {"but", "yet", "and"} for w in words)  # "A, as X said"


def _passive_of_saying(text: str, cue: Any, source: Any) -> bool:
    """Whether the cue is a passive of a verb of saying or believing with the source its subject ("The contractor
    is alleged to …", "The owner was accused of …", "The plan is believed to …"): the subject is what is said,
    not who says it. On PolNeAR train's gold, 11 of 297 such cues have their subject for source (the others none,
    or an agent after "by"); an adjective ("is convinced", "are concerned") is the subject's own view, no passive."""
    if cue is None or source.end > cue.start:
        return False
    verb_group = lx.AUX | lx.MODALS | lx.COPULA | lx.NEGATION
    before = [t.low for t in tokens(text, source.end, cue.start)]
    while before and (before[-1] in verb_group or before[-1].endswith("ly")):
        before.pop()  # the cue's auxiliaries, when the tagger left them out of it
    words = [t.low for t in tokens(text, source.end, cue.end)][len(before) :]
    be = max((k for k, w in enumerate(words) if w in lx.COPULA), default=None)
    if be is None or any(w not in verb_group and not w.endswith("ly") for w in words[:be]):
        return False
    rest = [w for w in words[be + 1 :] if w not in lx.NEGATION and not w.endswith("ly")]
    if not rest or rest[0].endswith(("ing", "s")) or rest[0] in lx.ADJ_CUES:
        return False
    return rest[0] in lx.SPEECH_VERBS or rest[0] in lx.BELIEF_VERBS


def _parenthetical_participle(
    text: str, cue: Any, source: Any, cues: set[tuple[int, int]], para: tuple[int, int] | None
) -> bool:
    """Whether the cue is a past participle set off by commas between the source and its verb ("The mayor,
    asked whether …, replied …", "The minister, pressed on the cost, said …"): like one opening its sentence,
    it describes the one asked, who is no agent of it."""
    if cue is None or para is None or source.end > cue.start or text[source.end : cue.start].strip() != ",":
        return False
    words = [t.low for t in tokens(text, cue.start, cue.end) if t.low.isalpha()]
    if not words or words[0] in lx.AUX or not words[0].endswith("ed"):
        return False
    return any(
        cue.end <= a < para[1] and text[:a].rstrip().endswith(",") and sentence_start_in(text, para, a) <= cue.start
        for a, _ in cues
    )


_NEGATED = re.compile(r"\b[Nn]ot\s+\Z")


def _opening_participle(text: str, cue: Any, source: Any, para: tuple[int, int]) -> bool:
    """Whether the cue is a past participle opening its sentence and the source stands after it, past a comma
    ("Asked about the delay, the mayor said ...", "Pressed on the budget, she replied ..."): the clause it
    opens describes the main clause's subject, the one asked, not the one asking; its content is a question's
    topic. A source before it stands in an earlier sentence, and is no agent of it either."""
    if cue is None or (source.start >= cue.end and "," not in text[cue.end : source.start]):
        return False
    if overlap((source.start, source.end), (cue.start, cue.end)):
        return False
    if text[sentence_start_in(text, para, cue.start) : cue.start].strip(_EDGE):
        return False
    words = [t.low for t in tokens(text, cue.start, cue.end) if t.low.isalpha()]
    return bool(words) and words[0] not in lx.AUX and words[0].endswith("ed")


_EDGE_MARKS = " ,;:—–-"


def _bare(text: str, span: Span) -> Span | None:
    """A tagged source without the commas and dashes at its edges (", a warehouse manager," tagged with its
    commas), or None when nothing else is left."""
    start, end = span.start, span.end
    while start < end and text[start] in _EDGE_MARKS:
        start += 1
    while end > start and text[end - 1] in _EDGE_MARKS:
        end -= 1
    return Span.of(text, start, end) if end > start else None


def _cuts_word(text: str, start: int, end: int) -> bool:
    """Whether a span begins or ends inside a word, a hyphenated one included ("head-" or "head" of
    "head-scratching", "scratching" of it): no phrase at all."""
    return _inside_word(text, start) or _inside_word(text, end)


def _inside_word(text: str, at: int) -> bool:
    """Whether offset `at` falls between two characters of one word (letters, digits, or a hyphen between them)."""
    if not 0 < at < len(text):
        return False
    before, after = text[at - 1], text[at]
    if before.isalnum() and after.isalnum():
        return True
    return (after == "-" and before.isalpha() and text[at + 1 : at + 2].isalpha()) or (
        before == "-" and after.isalpha() and text[at - 2 : at - 1].isalpha()
    )


# Words a noun phrase never ends with; quantifiers that a determiner after them continues ("all these reports").
_NEVER_LAST = _ARTICLES | lx.PREPOSITIONS | {"of", "and", "or", "but", "nor"}
_PREDETERMINERS = {"all", "both", "each", "many", "some", "most", "several", "few", "half"}
_CONTINUING = _ARTICLES | {"these", "those"}


def _cut_short(text: str, raw: list[Token], end: int) -> bool:
    """Whether a tagged source stops before its noun: it ends with an article, a preposition or a conjunction
    ("One of the"), or is a quantifier that the determiner after it goes on with ("all" of "all these reports").
    No phrase at all, as a span cut inside a word is none."""
    if not raw or raw[-1].low in _NEVER_LAST:
        return bool(raw)
    after = tokens(text, end, min(len(text), end + 12))
    return len(raw) == 1 and raw[0].low in _PREDETERMINERS and bool(after) and after[0].low in _CONTINUING


def _trim(text: str, cs: int, ce: int) -> tuple[int, int]:
    """A tagged content as the guidelines write it: without the quotation marks, edge punctuation and a
    leading complementizer "that" (PolNeAR's conventions add them back: polnear_format.py)."""
    cs = _trim_start(text, cs, ce)
    if text[cs : cs + 5].lower() == "that " and ce - cs > 5:
        cs = _trim_start(text, cs + 5, ce)
    while ce > cs and (text[ce - 1] in _EDGE or text[ce - 2 : ce] == "''"):
        ce -= 2 if text[ce - 1] == "'" else 1
    return cs, ce


_EDGE = ' \t\n"“”«»,.'


def _trim_start(text: str, cs: int, ce: int) -> int:
    """Past edge punctuation and quotation marks, the doubled ones of some outlets ('' and ``) included."""
    while cs < ce and (text[cs] in _EDGE or text[cs : cs + 2] in {"''", "``"}):
        cs += 1 if text[cs] in _EDGE else 2
    return cs


MIN_WORDS = 2  # a one-word content ("him", "which") is a fragment far more often than a claim


def tagger_candidates(
    text: str,
    reading: Any,
    cands: list[Cand],
    paras: list[tuple[int, int]],
    resolver: Resolver,
    min_score: float = MIN_PROPOSAL,
) -> list[Cand]:
    """The tagger's proposals (of tagger.TaggerReading) as candidates beside the rule findings (an alternative
    reading of one attribution included: the scorer chooses). Only what the speaker code cannot read is left
    out."""
    out: list[Cand] = []
    seen = {(c.content, c.cue, c.lead) for c in cands}
    para_starts = [a for a, _ in paras]
    pieces = []
    for p in reading.proposals:
        # A clause split by an aside ("A, officials said, B") is read as the rules read it: B, with A its lead.
        for piece in p.pieces[1:] if p.aside else p.pieces or (p.content,):
            pieces.append((p, piece))
    cues = {(p.cue.start, p.cue.end) for p in reading.proposals if p.cue is not None}
    for p, piece in sorted(pieces, key=lambda x: -x[0].score):
        if p.score < min_score:
            continue
        cue = (p.cue.start, p.cue.end) if p.cue else None
        if cue is not None and (_cue_in_name(text, cue) or _content_elsewhere(text, p, paras, para_starts)):
            continue
        source = None if p.source is None or _no_agent(text, p, cues, paras, para_starts) else _bare(text, p.source)
        if source is not None and _cuts_word(text, source.start, source.end):
            continue  # the tagger read no phrase: a word cut ("head" of "head-scratching")
        src_span, src_toks = _source_phrase(text, source, p.cue) if source is not None else (None, [])
        if source is not None and src_span is None:
            raw = tokens(text, source.start, source.end)
            if raw and (
                first_or_second(raw[0]) or raw[0].low in _NOT_SOURCES or any(t.low in {"who", "which"} for t in raw)
            ):
                continue  # a first-person aside, a relative clause: nobody the speaker code can name
            if _cut_short(text, raw, source.end):
                continue
            src_span = (source.start, source.end)
        cs, ce = _trim(text, piece.start, piece.end)
        if ce - cs < 3 or len(text[cs:ce].split()) < MIN_WORDS:
            continue
        if source is not None and _subordinate_source(text, ce, source.start):
            continue  # "A, although officials say B": A is not what they say
        lead = _trim(text, p.pieces[0].start, p.pieces[0].end) if p.aside else None
        if ((cs, ce), cue, lead) in seen:
            continue
        para = containing(paras, para_starts, cs)
        if para is None:
            continue
        c = Cand((cs, ce), cue, src_span, rule="tagger:" + reading.backend, confidence=round(float(p.score), 3))
        c.lead, c.aside = (lead, True) if lead is not None and lead[1] > lead[0] else (None, False)
        seen.add((c.content, c.cue, c.lead))
        # a piece that is a whole quotation is a direct quote; no quotation marks inside it otherwise
        c.direct = (
            piece.start < cs and text[cs - 1] in _OPEN_MARKS and "“" not in text[cs:ce] and '"' not in text[cs:ce]
        )
        c.para = para
        c.sentence = paras[para]
        if src_toks:
            c.source_toks = src_toks
            resolver.resolve(c)
        out.extend([lead_piece(c), c] if c.lead is not None else [c])
    return out
