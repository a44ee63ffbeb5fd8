"""Clause geometry shared by the cue rules: verb groups, cue extensions, time phrases, where a reported
content starts and stops, and appositives between a name and its cue."""

from __future__ import annotations

import re

from app.extraction import lexicon as lx
from app.extraction.noun_kinds import noun_kind
from app.extraction.open_np import open_np_after, plural_head
from app.extraction.segment import Token, trim
from app.extraction.speakers import (
    classify_kind,
    names_a_role,
    names_the_object,
    np_after,
    np_before,
    phrase_prep,
    written_name,
)
from app.text.calendar_words import MONTH_NAMES

# Verbs that can be inverted after a quote or clause: ", said the official."
INVERTABLE = {
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "asked",
    "asks",
    "wrote",
    "writes",
    "explained",
    "continued",
    "noted",
    "insisted",
    "stated",
    "recalled",
    "declared",
    "warned",
    "argued",
    "replied",
    "responded",
    "acknowledged",
    "conceded",
    "observed",
    "remarked",
    "quipped",
    "concluded",
    "claimed",
    "suggested",
    "reported",
    "cautioned",
}
CORE_SAY = {
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "stated",
    "states",
    "wrote",
    "writes",
    "explained",
    "noted",
    "reported",
    "reports",
    "announced",
    "claimed",
}
CONTENT_LEAD = {"that", ":", ",", "—", "–", "-"}
END_TRIM = ' \t\n.,;:”"’»)—–-'
START_TRIM = ' \t\n,;:“"‘«—–-'
_PUNCT_STOP = {",", ";", ":", "—", "–", "(", ")", "“", "”", '"', "«", "»", "[", "]", "?", "!", "."}


def skip_aux(toks: list[Token], i: int) -> int:
    """Index of the first token of the verb group ending at toks[i]."""
    j = i
    while j > 0 and not toks[j - 1].cap and (toks[j - 1].low in lx.AUX or _no_longer(toks, j - 1)):
        j -= 1
    return j


def _no_longer(toks: list[Token], k: int) -> bool:
    """ "they no longer felt": part of the verb group, not of its subject."""
    return toks[k].low == "longer" or (toks[k].low == "no" and k + 1 < len(toks) and toks[k + 1].low == "longer")


_TIME_BACK = lx.WEEKDAYS | {
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "recently",
    "on",
    "last",
    "this",
    "week",
    "month",
    "year",
    "morning",
    "night",
    "afternoon",
    "evening",
    "weekend",
}


def skip_time_back(toks: list[Token], j: int) -> int:
    """ "Reports from Tehran on Sunday said": step back over the time phrase to the source."""
    k = j
    while k > 0 and toks[k - 1].low in _TIME_BACK:
        k -= 1
    if k < j and any(
        toks[x].low in lx.WEEKDAYS | {"yesterday", "today", "week", "month", "year", "night"} for x in range(k, j)
    ):
        while (
            k < j and toks[k].low in {"on", "last", "this"} and k + 1 < j and toks[k + 1].low in {"on", "last", "this"}
        ):
            k += 1
        return k
    return j


def cue_tail(text: str, toks: list[Token], i: int) -> tuple[int, int]:
    """Extend a cue over "in a statement" and the like; return (cue_end_char, next_token_index)."""
    end = toks[i].end
    k = i + 1
    rest = text[end : end + 40].lower()
    for ext in lx.CUE_EXTENSIONS:
        if rest.startswith(" " + ext) and (len(rest) == len(ext) + 1 or not rest[len(ext) + 1].isalnum()):
            target = end + 1 + len(ext)
            while k < len(toks) and toks[k].end <= target:
                k += 1
            return _extension_object(toks, k, target)
    m = _DESCRIBED_EXTENSION.match(rest)
    if m:  # "said in an emailed statement", "wrote in a brief letter"
        target = end + m.end()
        while k < len(toks) and toks[k].end <= target:
            k += 1
        return _extension_object(toks, k, target)
    return end, k


# An extension's medium with a word or two describing it ("in an emailed statement", "in a lengthy interview").
_MEDIA = "|".join(sorted({ext.split()[-1] for ext in lx.CUE_EXTENSIONS if ext.startswith("in a")}))
_DESCRIBED_EXTENSION = re.compile(rf" in (?:a|an|the|his|her|its|their) (?:[a-z-]+ ){{1,2}}(?:{_MEDIA})\b")


# The most words of the phrase that goes on from a cue's extension to "that" ("in an interview | with a local
# radio station | that ...").
_EXTENSION_OBJECT_WORDS = 8


def _extension_object(toks: list[Token], k: int, end: int) -> tuple[int, int]:
    """Extend a cue's extension over its prepositional phrase when "that" follows it ("said in an interview with
    a sports channel that ...", "in a statement on its website that ..."): the phrase says where the words
    were said, and the content starts after "that"."""
    if k >= len(toks) or toks[k].low not in _EXTENSION_PREPS:
        return end, k
    for m in range(k + 1, min(len(toks), k + 1 + _EXTENSION_OBJECT_WORDS)):
        t = toks[m]
        if t.low == "that" and m > k + 1:
            return toks[m - 1].end, m
        if not t.text[0].isalnum() or t.low in lx.VERB_CUES or t.low in lx.AUX or t.low in lx.MODALS:
            break
    return end, k


_EXTENSION_PREPS = {"with", "to", "on"}


_ADVERBIALS = (
    "for the first time",
    "for the second time",
    "once again",
    "on the record",
    "in private",
    "in public",
    "at the time",
    "in recent days",
    "in recent weeks",
    "last week",
    "this week",
)


def skip_time(toks: list[Token], k: int) -> int:
    if k < len(toks):
        rest = " ".join(t.low for t in toks[k : k + 5])
        for adv in _ADVERBIALS:
            if rest.startswith(adv):
                k += len(adv.split())
                break
    while (
        k < len(toks)
        and (toks[k].low in lx.TIME_WORDS or toks[k].low.isdigit())
        and toks[k].low not in ("this", "that")
    ):
        # "on Sunday", "last week", "Wednesday": keep "in"/"at" only when a time word follows
        if toks[k].low in {"in", "at", "on", "the", "this"} and not (
            k + 1 < len(toks) and (toks[k + 1].low in lx.TIME_WORDS or _in_date(toks, k + 1))
        ):
            break
        if toks[k].low.isdigit() and not _in_date(toks, k) and not (k > 0 and toks[k - 1].cap):
            break  # "said 94 percent of ...": a count opens the content ("told ABC 7 that": a name's)
        k += 1
    return k


_NOT_TIME = {"in", "at", "on", "the"}


def _in_date(toks: list[Token], k: int) -> bool:
    """Whether toks[k] is a number that is part of a date or a time ("March 3", "Jan. 7", "3 March", "2 days ago",
    "in 2008")."""
    if not toks[k].low.isdigit():
        return False
    if k + 1 < len(toks) and toks[k + 1].low in lx.TIME_WORDS and toks[k + 1].low not in _NOT_TIME:
        return True
    if k > 1 and toks[k - 1].text == ".":  # "Jan. 7", "Sept. 30"
        word = toks[k - 2].low
        return len(word) >= 3 and any(month.startswith(word) for month in MONTH_NAMES)
    word = toks[k - 1].low if k > 0 else ""
    return (word in lx.TIME_WORDS and word not in _NOT_TIME) or (word in {"in", "since"} and len(toks[k].low) == 4)


def content_span(text: str, s: int, e: int, lead: str = START_TRIM) -> tuple[int, int] | None:
    s, e = trim(text, s, e, END_TRIM)
    s2, e = trim(text, s, e, lead)
    s = s2
    if e - s < 3 or len(text[s:e].split()) < 2:
        return None
    return s, e


_ADJUNCT_STARTS = {
    "in",
    "at",
    "on",
    "during",
    "after",
    "before",
    "when",
    "while",
    "speaking",
    "asked",
    "interviewed",
    "writing",
    "appearing",
    "responding",
    "testifying",
    "addressing",
}


def is_adjunct(p: list[Token]) -> bool:
    """A phrase set off by commas that says where or how someone spoke, not who they are."""
    return bool(p) and len(p) <= 15 and (p[0].low in _ADJUNCT_STARTS or (p[0].low.endswith("ing") and not p[0].cap))


def _role_and_name(app: list[Token]) -> bool:
    """ "engineer Grace Obi", "retired teacher Jane Roe": lowercase words ending in a noun naming a person, then
    a written name."""
    name = next((n for n, t in enumerate(app) if t.cap), None)
    if name is None or not 0 < name <= 3 or len(app) - name > 4 or not written_name(app[name:]):
        return False
    role = app[name - 1].low
    return role.isalpha() and names_a_role(role)


def _titled_name(app: list[Token]) -> bool:
    """ "state Sen. Jane Roe", "former Gov. John Doe": a name after its title, lowercase words before it."""
    title = next((n for n, t in enumerate(app) if t.cap), None)
    if title is None or title > 2 or len(app) > title + 5 or app[title].low not in lx.STRONG_PERSON_TITLES:
        return False
    return written_name(app[title:]) and len(app) > title + 1


def appositive_group(toks: list[Token], comma: int, lo: int) -> tuple[int, int, int, int] | None:
    """For "NAME, APPOSITIVE, cue": given the index of the comma before the cue, return
    (source_start, source_end, appositive_start, appositive_end). "A lawyer for the firm, Jane Roe, said"
    makes the name the source and the description its appositive. An adjunct between them ("NAME,
    speaking in Rome, said") gives an empty appositive range (appositive_start == appositive_end)."""
    k = comma - 1
    while k > lo and toks[k].text not in {",", ";", ":", "—", "“", "”", '"'}:
        k -= 1
    if k <= lo or toks[k].text != "," or comma - k - 1 < 1 or comma - k - 1 > 22:
        return None
    app = toks[k + 1 : comma]
    if app[0].low in {"but", "and", "or", "so", "yet", "while", "though", "although"}:
        return None  # "..., but officials worry about X, also called": a clause, not an appositive
    s = np_before(toks, k)
    if s is None:
        return None
    if is_adjunct(app):
        # "Trump, speaking to veterans in Virginia, said": an adjunct, not a description of the speaker
        return s, k, k + 1, k + 1
    name_like = (len(app) <= 5 and written_name(app)) or _titled_name(app) or _role_and_name(app)
    if name_like and names_the_object(toks[s:k], app):
        return s, k, k + 1, comma  # "Lawyers for the builder, Acme Homes,": the builder's name
    if name_like and (classify_kind(toks[s:k]) == "anonymous" or not toks[k - 1].cap):
        return k + 1, comma, s, k
    ok = (
        any(t.low in lx.ROLE_NOUNS or t.low in lx.ANON_HEADS or t.low == "who" for t in app)
        or (app[0].low in {"the", "a", "an", "its", "his", "her", "their", "one"} and len(app) <= 12)
        or (len(app) == 1 and app[0].low.isdigit())
        or (app[0].low in lx.NP_MODIFIERS and len(app) <= 15)
        or app[0].possessive
    )
    if not ok:
        return None
    return s, k, k + 1, comma


SUBORDINATORS = {
    "while",
    "although",
    "though",
    "as",
    "if",
    "because",
    "since",
    "when",
    "after",
    "before",
    "whereas",
    "unless",
    "once",
}
_CUTS = (
    ", but ",
    ", citing ",
    ", saying ",
    ", adding ",
    ", arguing ",
    ", noting ",
    ", calling ",
    ", according to ",
    " (",
    ", something ",
    ", though ",
    ", although ",
    ", while ",
    " - ",
    " -- ",
    ", yet ",
    ", and when ",
    " while ",
)
_REPORT_VIA = re.compile(
    r"\s*(?:In|in)\s+((?:a|an|another|the|its|his|her|their)\s+(?:\w+\s+)?"
    r"(?:report|article|story|interview|statement|broadcast|dispatch|post|editorial))\b"
)


# Every verb of saying or attitude, longest first, as a regular expression's alternatives.
_CUE_WORDS = "|".join(sorted(lx.SPEECH_VERBS | lx.ATTITUDE_VERBS, key=len, reverse=True))
_CLAUSE_BUT = re.compile(
    r"\s+(?:but|as)\s+(?=(?:he|she|they|it|we|i|his|her|their|its|there)\b)"
    r"|,\s+and\s+(?=the\s+\w+\s+(?:is|are|was|were|has|have|had|will)\b)"
    r"|,\s+which\s+(?=(?:\w+\s+){1,3}(?:said|says|say|believe|believes|claimed|claims|contend)\b)"
    # "..., and he warned that ...": the writer turns to a second statement with a cue of its own
    r"|(?:,|;|\s[—–]|\s--)?\s+(?:and|but)\s+(?=(?:he|she|they|we|[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)?)\s+"
    r"(?:also\s+|later\s+|then\s+)?(?:" + _CUE_WORDS + r")\b)"
    # "A; others warned that B": after a semicolon, a clause with a subject and a cue of its own
    r"|;\s+(?=(?:[\w’'-]+\s+){1,5}?(?:" + _CUE_WORDS + r")\b)"
    # "..., even suggesting he ...": a second statement by the same speaker, in a participle
    r"|,\s+(?=(?:even\s+|also\s+|then\s+)?(?:"
    + "|".join(sorted((w for w in lx.SPEECH_VERBS if w.endswith("ing")), key=len, reverse=True))
    + r")\b)"
    # "... as a “grave mistake,” but stopped short of ...": the writer goes on with what the speaker did
    r"|,?[”\"]?,?\s+but\s+(?=(?:also\s+|then\s+)?(?:\w+ed|did|didn't|declined|refused)\b)"
)


def _cut_ok(low: str, i: int, cue: str) -> bool:
    """A cut point is real unless it lies inside a quoted fragment, or opens a dashed aside that a second
    dash closes ("advanced economies - which include Japan - will grow")."""
    if low.count("“", 0, i) > low.count("”", 0, i) or low.count("''", 0, i) % 2:
        return False
    if cue == ", but " and low.startswith("that ", i + len(cue)):
        return False  # "said A, but that B": a second clause of the same cue
    if cue.strip() in {"-", "--", "—"}:
        # a dash that opens or closes a pair is an aside's edge; only a lone last dash turns the sentence
        return low.count(cue, 0, i) % 2 == 0 and low.find(cue, i + len(cue)) < 0
    return True


# Where or when someone spoke, between the cue and what they said: "said on a radio phone-in on Monday
# that ...", "said in an interview on Sunday, ...".
SETTING_PREPS = {"in", "on", "at", "during", "after", "before", "from", "via", "through", "over", "of"}
# Fixed phrases that open a content rather than say where one spoke: "said at least 23 were hurt".
NOT_SETTINGS = {
    ("at", "least"),
    ("at", "most"),
    ("in", "fact"),
    ("of", "course"),
    ("on", "average"),
    ("over", "time"),
    ("in", "all"),
}
# Reported content never begins with these: the writer goes on with a clause of their own.
NOT_CONTENT_START = {"which", "where", "and", "or", "nor"}


_SAID_OF = re.compile(r"\s+to\s+(?:be|have)\b")


def said_of_subject(text: str, cue_start: int, cue_end: int) -> bool:
    """Whether a cue set off after a comma reports what others say of the phrase before it ("The striker, said
    to be unhappy, ...", "the firm, reported to have lost ..."): that phrase is no speaker."""
    i = cue_start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] == "," and _SAID_OF.match(text, cue_end) is not None


def bare_object(toks: list[Token], k: int) -> bool:
    """ "said it over and over", "said this, ...", "said so": a pronoun object, nothing asserted."""
    if toks[k].low not in {"it", "this", "so", "something", "nothing", "anything", "everything"}:
        return False
    return _ends_at(toks, k + 1) or toks[k + 1].low in lx.PREPOSITIONS | {"over", "again", "about", "of", "as"}


def _ends_at(toks: list[Token], k: int) -> bool:
    return k >= len(toks) or toks[k].text in {",", ".", ";", "!", "?", "—", "–"}


def past_setting(toks: list[Token], k: int) -> int:
    """The first token after a setting phrase that a "that", a comma or a colon closes; len(toks) when the
    phrase runs to the end of the sentence (then nothing said follows the cue)."""
    for m in range(k + 1, min(len(toks), k + 16)):
        if toks[m].low in {"that", ",", ":"}:
            return m + 1
    return len(toks) if len(toks) - k < 16 else k


def writer_adjunct(t: Token) -> bool:
    """What follows a cue and a comma that is the writer's, not the speaker's: "..., officials said Friday,
    as they met", "... according to X, and the dam held"."""
    return t.low in SUBORDINATORS | lx.PREPOSITIONS | {"and", "but", "so"} or t.low.endswith("ing")


def adverbial_lead(t: Token) -> bool:
    """Whether a sentence opens with an adverbial ("Since October 10, ...", "In Baghdad, ...")."""
    return t.low in SUBORDINATORS | lx.PREPOSITIONS | {"since", "until", "by", "meanwhile", "earlier", "later"}


def _unopened_close(low: str) -> int | None:
    """Index of the first closing curly mark that no mark inside the string opened, or None."""
    depth = 0
    for n, ch in enumerate(low):
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                return n if n > 0 else None
            depth -= 1
    return None


def cut_content(text: str, s: int, e: int, extra: tuple[str, ...] = ()) -> int:
    """Reported content stops where the sentence turns to another clause or an aside."""
    low = text[s:e]
    cuts = []
    for c in _CUTS + extra:
        i = low.find(c)
        while i > 0 and not _cut_ok(low, i, c):
            i = low.find(c, i + 1)
        if i > 0:
            cuts.append(i)
    close = _unopened_close(low)
    if close is not None:
        cuts.append(close)  # the content began inside a quotation, which ends here
    m = _CLAUSE_BUT.search(low)
    while m and not _cut_ok(low, m.end(), ""):  # the match may hold the fragment's closing mark
        m = _CLAUSE_BUT.search(low, m.end())
    if m and m.start() > 0:
        cuts.append(m.start())
    return s + min(cuts) if cuts else e


def report_via(text: str, ss: int, lo: int) -> tuple[int, int] | None:
    """ "In another report, Iran says ...": the report is the via of what follows."""
    m = _REPORT_VIA.match(text, ss)
    return (m.start(1), m.end(1)) if m and m.end() <= max(lo, ss) + 80 else None


def singular_subject(src: list[Token]) -> bool:
    prep = phrase_prep(src)
    last = src[prep - 1]
    if last.low in {"they", "we", "i", "you"} or any(t.low in {"and", "&"} for t in src):
        return False
    if last.cap:
        return not last.low.endswith("s") or last.low in lx.COUNTRIES
    return not last.low.endswith("s") and last.low not in {"media"} and not plural_head(last.low)


def trim_back(text: str, e: int) -> int:
    while e > 0 and text[e - 1] in " ,;":
        e -= 1
    return e


# What opens the clause said to an addressee: "warned the council that …", "asked them whether …", "urged
# voters not to …", "informed her of …" ("urged the board to delay it" keeps the board: PolNeAR's content).
_TO_ADDRESSEE = {"that", "whether", "if", "what", "why", "how", "when", "where", "who", "not", "of", "about"}


def past_addressee(toks: list[Token], k: int) -> int:
    """The token after the person addressed by a cue (and a time phrase after them: "warned the board last
    year that"), when a clause said to them opens there; k otherwise. The addressee is the shortest such
    phrase: a pronoun, a source phrase or an open noun phrase naming people or a body of them."""
    for e in range(k + 1, min(len(toks), k + _ADDRESSEE_WORDS + 1)):
        if _addressee(toks, k, e):
            after = skip_time(toks, e)
            if after < len(toks) and toks[after].low in _TO_ADDRESSEE:
                return after
    return k


_ADDRESSEE_WORDS = 8
_ADDRESSED = {"person", "organization"}  # what an open phrase's head names, as noun_kinds reads it


def addressed_only(toks: list[Token], k: int) -> bool:
    """Whether all a cue of addressing has after it at k is whom it addresses, its clause ending there or
    going on with a subject of its own ("the police questioned the driver.", "they question drivers and they
    log each load"): no content."""
    for e in range(k + 1, min(len(toks), k + _ADDRESSEE_WORDS) + 1):
        if not _addressed(toks, k, e):
            continue
        if e == len(toks) or toks[e].text in {".", "!", "?", ";"}:
            return True
        ahead = toks[e + 1] if e + 1 < len(toks) else None
        return toks[e].low in {"and", "or", "but"} and ahead is not None and ahead.low in lx.PRONOUNS
    return False


def _addressed(toks: list[Token], k: int, e: int) -> bool:
    """Whether toks[k:e] is an object pronoun or a phrase whose head names people or a body of them (a bare
    plural too: "warned members")."""
    if e == k + 1 and (toks[k].low in lx.OBJECT_PRONOUNS or (not toks[k].cap and noun_kind(toks[k].low) in _ADDRESSED)):
        return True
    return open_np_after(toks, k, limit=e - k, edge=False) == e and noun_kind(toks[e - 1].low) in _ADDRESSED


def _addressee(toks: list[Token], k: int, e: int) -> bool:
    """Whether toks[k:e] is a phrase naming whom a cue addresses."""
    return np_after(toks, k, limit=e - k) == e or _addressed(toks, k, e)


# What ends a clause before another one in a sentence: "We had a permit - and the room, they said, was ...".
_CLAUSE_BREAKS = {";", ":", "—", "–", "-"}


def last_clause(toks: list[Token]) -> list[Token]:
    """The tokens of the last clause of `toks`: after the last semicolon, colon or dash, or a conjunction a
    comma or dash sets off ("…, and the permit"); none when `toks` end with a word opening a clause ("… in
    Iraq when, officials say, militias attacked": the aside stands before the whole clause)."""
    if toks and toks[-1].low in SUBORDINATORS | {"that"}:
        return []
    start = 0
    for n, t in enumerate(toks):
        if t.text in _CLAUSE_BREAKS or (
            t.low in {"and", "but", "or", "so"} and n > 0 and toks[n - 1].text in _CLAUSE_BREAKS | {","}
        ):
            start = n + 1
    return toks[start:]


# The most words the clause before an aside may have and still be read as its content's first piece.
ASIDE_LEAD_WORDS = 20


def aside_lead(text: str, toks: list[Token], comma: int) -> tuple[int, int] | None:
    """The first piece of a content an aside splits, the clause before the aside's opening comma at
    `toks[comma]` ("The river, according to X, rose"; "A, officials said, B"): the subject of what follows,
    not an adverbial ("Since May, officials said, ..."), a long stretch, or a clause with a verb cue of its own
    (a cue word after "of" or a determiner is a noun: "Acts of protest")."""
    clause = last_clause(toks[:comma])
    lead = content_span(text, clause[0].start, toks[comma].start) if clause else None
    if lead is None:
        return None
    words = [x for x in clause if lead[0] <= x.start < lead[1]]
    if not words or adverbial_lead(words[0]) or len(words) > ASIDE_LEAD_WORDS:
        return None
    for n, x in enumerate(words):
        if x.low in lx.VERB_CUES and not x.cap and not (n > 0 and words[n - 1].low in lx.DETERMINERS | {"of"}):
            return None
    return lead
