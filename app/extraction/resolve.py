"""Within-article speaker resolution: surnames and pronouns to the fullest name, "the officials" to the
anonymous group introduced before. Abstains (entity None) when two candidates fit."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable, Iterator

from app.extraction import lexicon as lx
from app.extraction.candidate import Cand
from app.extraction.noun_kinds import noun_kind
from app.extraction.open_np import open_word
from app.extraction.relays import read_relay
from app.extraction.segment import Token, line_start, sentence_start_of, tokens
from app.extraction.speakers import (
    SourceInfo,
    after_owner,
    classify,
    name_particle,
    names_a_role,
    np_before,
    person_name,
)
from app.extraction.types import Entity


def name_registry(text: str, token_lists: list[list[Token]]) -> dict[str, set[str]]:
    """Every multi-word personal name in the article, keyed by its lowercased last word."""
    reg: dict[str, set[str]] = {}
    for toks in token_lists:
        run: list[Token] = []
        for t in [*toks, None]:
            if t is not None and (
                (t.cap and t.text[0].isalpha() and t.low not in lx.STOP_CAPITALS) or (run and name_particle(t))
            ):
                run.append(t)
                if not t.possessive:
                    continue
            if len(run) >= 2:
                _register(text, run, reg)
            run = []
    return reg


def _register(text: str, run: list[Token], reg: dict[str, set[str]]) -> None:
    name = person_name(run)
    if len(name) < 2 or len(name) > 4:
        return
    if any(
        t.low in lx.ORG_HEADS
        or t.low in lx.OUTLET_HEADS
        or t.low in lx.COUNTRIES
        or t.low in lx.DEMONYMS
        or t.low in lx.WEEKDAYS
        for t in name
    ):
        return
    full = _strip_poss(text[name[0].start : name[-1].end])
    reg.setdefault(_last(full), set()).add(full)


def _strip_poss(s: str) -> str:
    return re.sub(r"['’]s?$", "", s)


_ORG_KINDS = {"organization", "outlet", "document"}
_PARTICLE = re.compile(r"^(?:al|el|ul|ad|as|ash|at|az|bin|ibn|abu)-", re.IGNORECASE)


def _last(name: str) -> str:
    return _PARTICLE.sub("", name.split()[-1].lower()) if name.split() else ""


def _compatible(a: str, b: str) -> bool:
    """ "John Kirby" and "John F. Kirby" name one person; "Joe Biden" and "Hunter Biden" do not."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or _last(a) != _last(b):
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    return wa[0].rstrip(".").lower()[:1] == wb[0].rstrip(".").lower()[:1] and (
        wa[0].lower() == wb[0].lower() or len(wa[0].rstrip(".")) == 1 or len(wb[0].rstrip(".")) == 1
    )


def _fullest(names: set[str]) -> str | None:
    """One name if all the forms are variants of one person, else None (two people share a surname)."""
    ordered = sorted(names, key=lambda n: (-len(n), n))  # longest first; ties in a fixed order, not set order
    if not ordered:
        return None
    if all(_compatible(ordered[0], n) for n in ordered[1:]):
        return ordered[0]
    return None


def parse_role(text: str) -> tuple[str | None, str | None]:
    """ "the Pentagon's press secretary" -> ("press secretary", "Pentagon"). A relative clause gives a role
    only through a copula ("who is the port's harbour master"); one with another verb ("who heads the unit
    at St. Anne's Hospital") describes what the person does, not a title: none."""
    s = text.strip()
    relative = re.match(r"(?:who|which|that)\s+(\S+)\s+", s, flags=re.IGNORECASE)
    if relative:
        if relative.group(1).lower() not in lx.COPULA:
            return None, None
        s = s[relative.end() :]
        if re.match(r"\w+(?:ing|ed|ly)\b", s):
            return None, None  # "who was travelling to …": what the person was doing, no title
    s = re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", s, flags=re.IGNORECASE)
    org = None
    m = re.match(r"(.+?)['’]s\s+(.*)$", s)
    if m:
        org, s = m.group(1), m.group(2)
    m = re.match(r"(.+?)\s+(?:for|of|at|with|in)\s+(?:the\s+)?(.+)$", s)
    if m and m.group(2)[:1].isupper():
        # (the organization stops at a relative clause: "at the University of Leeds who was not involved")
        s, org = m.group(1), org or re.split(r",|\s+(?:who|which|that|whose)\b", m.group(2))[0]
    words = s.split()
    caps = []
    while words and words[0][:1].isupper() and words[0].lower() not in lx.ROLE_NOUNS:
        caps.append(words.pop(0))
    if caps and not org:
        org = " ".join(caps)
    role = " ".join(words) if words else None
    if role and not (
        any(w.lower().strip(",") in lx.ROLE_NOUNS for w in words) or names_a_role(words[-1].lower().strip(","))
    ):
        return None, org if role is None else None
    return role, org


class Resolver:
    def __init__(self, text: str, registry: dict[str, set[str]]) -> None:
        self.text = text
        self.registry = registry
        self.entities: list[Entity] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.history: list[tuple[int, int, Cand]] = []  # (para, entity, cand) in reading order
        self._by_para: list[tuple[int, int]] = []  # (para, place in history), sorted: what is recent
        self._people: dict[str, list[int]] = {}  # surname -> the people of that surname, oldest first
        self.member_of: dict[int, int] = {}
        self.gender: dict[int, str] = {}  # person -> "he" or "she" as the text marks them ("" when it disagrees)

    def _add(self, key: tuple[str, str], ent: Entity) -> int:
        if key in self.keys:
            return self.keys[key]
        self.entities.append(ent)
        self.keys[key] = len(self.entities) - 1
        if ent.kind == "person":  # a person's name may grow later, never its surname (see _compatible)
            self._people.setdefault(_last(ent.name), []).append(self.keys[key])
        return self.keys[key]

    def _remember(self, para: int, idx: int, c: Cand) -> None:
        insort(self._by_para, (para, len(self.history)))
        self.history.append((para, idx, c))

    def _alias(self, idx: int, surface: str) -> None:
        if surface and surface not in self.entities[idx].aliases:
            self.entities[idx].aliases.append(surface)

    def resolve(self, c: Cand) -> None:
        if not c.source_toks:
            return
        surface = self.text[c.source[0] : c.source[1]] if c.source else ""
        joint = self._joint(c.source_toks)
        if joint is not None:
            # "Mr. Kirby and other officials" speak together: a speaker of its own, never an alias of
            # Kirby, else his own statements and the group's would be counted as one person's.
            c.entity, c.kind, c.anonymous = joint, "group", False
            self._alias(joint, surface)
            self._remember(c.para, joint, c)
            return
        info, short = self._reading(c)
        idx: int | None
        if info.kind == "pronoun":
            idx = self._pronoun(c, info)
        elif info.kind == "person":
            titled = self._titled(c, info) if info.definite else None
            idx = titled if titled is not None else self._person(info)
        elif info.kind == "anonymous":
            # "the chief" after "Police Chief Jane Roe said …": her, by the title she was named with
            idx = self._titled(c, info) if info.definite and not info.plural else None
            if idx is not None:
                info = SourceInfo("person", info.name, head=info.head)
            else:
                idx = self._anonymous(c, info)
        else:
            idx = short if short is not None else self._org(info)
        c.kind = info.kind if info.kind != "pronoun" else (self.entities[idx].kind if idx is not None else "person")
        c.anonymous = c.kind == "anonymous"
        if idx is not None:
            self._alias(idx, surface)
            ent = self.entities[idx]
            if c.appositive and ent.kind == "person" and ent.role_title is None:
                ent.role_title, ent.role_organization = parse_role(self.text[c.appositive[0] : c.appositive[1]])
            if ent.kind == "person" and ent.role_title is None:
                at = next((k for k, t in enumerate(c.source_toks) if self.text.startswith(ent.name, t.start)), None)
                pre = [
                    t
                    for t in c.source_toks
                    if t.low in lx.PERSON_TITLES
                    and t.cap
                    and t.low not in {"the", "mr", "mrs", "ms", "miss", "dr"}
                    and (
                        at is None or t.start < c.source_toks[at].start
                    )  # not "National" of "Jane Roe of the National …"
                ]
                ent.role_title = _role_before_name(self.text, c.source_toks[:at] if at else []) or (
                    " ".join(t.text for t in pre) if pre else None
                )
            if ent.kind == "person" and info.kind == "person":
                self._mark_gender(idx, _gender_marked(self.text, c))
            self._remember(c.para, idx, c)
        c.entity = idx

    def _reading(self, c: Cand) -> tuple[SourceInfo, int | None]:
        """What the source is (`classify`), corrected by the text around it: a name described as an organization
        ("Acme, a trade group that …, said", "Acme's parent, Orin Holdings, said"), or that takes "which", or
        speaks "on its website"; or the short form of one named before ("Vantor said" after "Vantor Air said";
        with that one's index)."""
        info = classify(self.text, c.source_toks)
        if info.kind != "person":
            return info, None
        which = c.source is not None and _WHICH.match(self.text, c.source[1]) is not None
        its = c.cue is not None and _ITS.search(self.text, c.cue[0], min(len(self.text), c.cue[1] + 20)) is not None
        if (c.appositive and _describes_organization(self.text, c.appositive)) or which or its:
            return SourceInfo("organization", info.name, head=info.head), None  # "Acme, which runs the port,"
        if any(t.cap and t.low in lx.PERSON_TITLES for t in c.source_toks):
            return info, None
        short = self._short_form(info.name)
        return (info, None) if short is None else (SourceInfo("organization", info.name, head=info.head), short)

    def _short_form(self, name: str) -> int | None:
        """The organization named before whose first word is this lone word ("Vantor" after "Vantor Air said"),
        when no person so far has it for a surname."""
        if " " in name or self._people.get(name.lower()):
            return None
        return next(
            (i for i, e in enumerate(self.entities) if e.kind == "organization" and e.name.split(" ", 1)[0] == name),
            None,
        )

    def _mark_gender(self, idx: int, found: str | None) -> None:
        if found is not None:
            held = self.gender.setdefault(idx, found)
            if held != found:
                self.gender[idx] = ""

    def _fits(self, idx: int, pronoun: str | None) -> bool:
        """Whether a "he" or "she" can mean this speaker: nothing in the text marks them as the other."""
        return self.gender.get(idx) in (None, "", pronoun)

    def _joint(self, toks: list[Token]) -> int | None:
        """A named person and others as one source ("Mr. Kirby and other officials"): the group's entity,
        named after the person's fullest name. None when the phrase is not such a pair."""
        k = next((n for n, t in enumerate(toks) if t.low in {"and", "&"}), None)
        if k is None or k == 0 or k == len(toks) - 1:
            return None
        left = toks[:k]
        info = classify(self.text, left)
        if info.kind != "person" or any(t.text == "," for t in left):
            return None
        if not any(t.cap and t.low not in lx.ROLE_NOUNS and t.low not in lx.PERSON_TITLES for t in left):
            return None  # "Co-founder and CEO Jane Roe": two titles of one person, not two speakers
        person = self._person(info)
        if person is None:
            return None
        rest = self.text[toks[k].start : toks[-1].end]
        name = f"{self.entities[person].name} {rest}"
        return self._add(("group", name.lower()), Entity(name, "group", []))

    def _titled(self, c: Cand, info: SourceInfo) -> int | None:
        """The person a definite role stands for ("the governor" after "Gov. Jane Roe signed …"): the latest
        name before the source whose title is that role."""

        def titled(at: int) -> bool:
            before = self.text[max(0, at - 24) : at].split()
            return bool(before) and _title_of(before[-1]) == info.head

        latest: tuple[int, str, str] | None = None  # where, the form found, the name it stands for
        for names in self.registry.values():
            for name in names:
                at = self._latest(name, 0, c.source[0], latest[0] if latest else -1, titled)
                if at is not None:
                    latest = (at, name)
        if latest is None:
            return None
        named = classify(self.text, tokens(self.text, latest[0], latest[0] + len(latest[1])))
        return self._person(named) if named.kind == "person" else None

    def _person(self, info: SourceInfo) -> int | None:
        name = _strip_poss(info.name)
        last = _last(name)
        known = [i for i in self._people.get(last, []) if _compatible(self.entities[i].name, name)]
        if len(name.split()) >= 2:
            if known:
                i = known[0]
                if len(name) > len(self.entities[i].name):
                    self.entities[i].name = name
                return i
            full = _fullest({n for n in self.registry.get(last, set()) if _compatible(n, name)} | {name})
            return self._add(("person", (full or name).lower()), Entity(full or name, "person", [name]))
        if len(known) == 1:
            return known[0]
        if len(known) > 1:
            return None
        full = _fullest(self.registry.get(last, set()))
        if self.registry.get(last) and full is None:
            return None
        full = full or name
        return self._add(("person", full.lower()), Entity(full, "person", [name]))

    def _earlier(self, c: Cand, window: int) -> list[tuple[int, int]]:
        """(position, entity) of the mentions before c's source in paragraph c.para - window and later, the
        latest first (a candidate read after the text's later paragraphs, the tagger's, never takes a later one)."""
        at = _position(c)
        first = bisect_left(self._by_para, (c.para - window, -1))
        last = bisect_left(self._by_para, (c.para + 1, -1))
        entries = [self.history[n] for _, n in self._by_para[first:last]]
        earlier = [(_position(h), n, i) for n, (_, i, h) in enumerate(entries) if _position(h) < at]
        return [(pos, i) for pos, _, i in sorted(earlier, reverse=True)]

    def _recent(self, c: Cand, window: int) -> Iterator[int]:
        return (i for _, i in self._earlier(c, window))

    def _named_subject(self, start: int, end: int) -> SourceInfo | None:
        """The latest full name between two offsets that opens a sentence ("Manager Jane Roe was less
        sentimental."): the subject a "he" or "she" after it most likely means."""
        latest: tuple[int, str, str] | None = None  # where, the form found, the name it stands for
        for names in self.registry.values():
            # a name's surname alone stands for it when the article names one person so ("Olsen disputed that.")
            forms = [(name, name) for name in names] + [(name.split()[-1], name) for name in names if len(names) == 1]
            for form, name in forms:
                after = latest[0] if latest else -1
                at = self._latest(form, start, end, after, lambda at, f=form, n=name: self._names(at, f, n, start))
                if at is not None:
                    latest = (at, form, name)
        for m in _ROLE_OPENING.finditer(self.text, start, end):
            # "The manager was blunt. … he said": a person named by role opens the sentence
            words = m.group(1).split()
            role = next((n for n, w in enumerate(words[:-1]) if w in lx.ROLE_NOUNS and w not in lx.ANON_HEADS), None)
            if role is not None and (latest is None or m.start() > latest[0]):
                role_phrase = " ".join(["The", *words[: role + 1]])
                latest = (m.start(), role_phrase, role_phrase)
        if latest is None:
            return None
        at, form, name = latest
        info = classify(self.text, tokens(self.text, at, at + len(form)))  # the words found, a surname alone perhaps
        return info if info.kind == "person" else SourceInfo("person", name)

    def _names(self, at: int, form: str, name: str, start: int) -> bool:
        """Whether `form` at `at` opens a sentence begun after `start` and names `name` there: a surname standing
        alone, not the first word of another name ("Joe" of "Joe Biden" when the one Joe is "Morning Joe")."""
        alone = form != name
        return self._opens(at, len(form), start) and not (alone and _NEXT_CAPITAL.match(self.text, at + len(form)))

    def _opens(self, at: int, length: int, start: int) -> bool:
        """Whether the whole word(s) at `at` open a sentence begun after `start` (titles may stand before)."""
        whole = at + length >= len(self.text) or not self.text[at + length].isalnum()
        opening = max(sentence_start_of(self.text, at), start)
        if not whole:
            return False
        if _OPENING_TITLES.fullmatch(self.text, opening, at):
            return True
        # "The club's coach, Jane Roe, was less happy.": a role set off before the name, the sentence's subject
        role = _ROLE_BEFORE_NAME.fullmatch(self.text, opening, at)
        return role is not None and names_a_role(role.group(1))

    def _latest(self, form: str, start: int, end: int, after: int, fits: Callable[[int], bool]) -> int | None:
        """The latest offset of `form` between start and end, past `after`, where `fits` holds."""
        at = self.text.rfind(form, start, end)
        while at > after:
            if fits(at):
                return at
            at = self.text.rfind(form, start, at)
        return None

    def _pronoun(self, c: Cand, info: SourceInfo) -> int | None:
        if info.pronoun in {"he", "she", "i"}:
            # The latest speaker if a person, else the one person among the recent speakers.
            people: list[int] = []
            earlier = self._earlier(c, 2)
            if info.pronoun != "i":
                since = earlier[0][0] if earlier else max(0, _position(c) - _PRONOUN_REACH)
                named = self._named_subject(since, _position(c))
                if named is not None:
                    idx = self._person(named)
                    if idx is None or self._fits(idx, info.pronoun):
                        return idx
            for n, (_, i) in enumerate(earlier):
                e = self.entities[i]
                if n == 0 and e.kind == "anonymous" and e.plural is False and info.pronoun != "i":
                    return i  # "One patient ... said ... 'Nobody called me,' she said"
                if e.kind != "person":
                    continue
                if not self._fits(i, info.pronoun):
                    return None  # "Mr. Roe said …" then "… she said": not him, and no one else for sure
                if n == 0:
                    return i
                if i not in people:
                    people.append(i)
                if len(people) > 1:
                    return None
            return people[0] if people else None
        if info.pronoun in {"they", "we"}:
            same = self._plural_in_sentence(c)
            if same is not None:
                return same
            for n, i in enumerate(self._recent(c, 2)):
                e = self.entities[i]
                if n == 0 and e.kind == "group":
                    return i
                if n == 0 and i in self.member_of and not (e.kind == "anonymous" and e.plural):
                    return self.member_of[i]
                if e.kind == "anonymous" and e.plural:
                    return i
            return None
        return next((i for i in self._recent(c, 2) if self.entities[i].kind in _ORG_KINDS), None)

    def _plural_in_sentence(self, c: Cand) -> int | None:
        ss = c.sentence[0]
        toks = tokens(self.text, ss, c.source[0])
        for k in range(len(toks) - 1, -1, -1):
            if toks[k].low in lx.PLURAL_ANON and not toks[k].cap:
                s = np_before(toks, k + 1)
                if s is None:
                    continue
                info = classify(self.text, toks[s : k + 1])
                if info.kind == "anonymous" and info.plural:
                    probe = Cand(c.content, None, (toks[s].start, toks[k].end), toks[s : k + 1], para=c.para)
                    return self._anonymous(probe, info)
        return None

    def _anonymous(self, c: Cand, info: SourceInfo) -> int | None:
        if info.another and info.name == "another":
            return self._another(c)
        if info.definite:
            # The latest recent one of the same number and head; for a generic head, of the same number.
            same_number = None
            for i in self._recent(c, 6):
                e = self.entities[i]
                if e.kind == "anonymous" and e.plural == info.plural:
                    if _head_of(e) == info.head:
                        return i
                    same_number = i if same_number is None else same_number
            if info.head in lx.GENERIC_ANON and same_number is not None:
                return same_number
        if info.member:
            group = next(
                (
                    i
                    for i in self._recent(c, 6)
                    if self.entities[i].kind == "anonymous"
                    and self.entities[i].plural
                    and _head_of(self.entities[i]).rstrip("s") == info.head
                ),
                None,
            )
            if group is not None:
                g = self.entities[group]
                words = g.name.split()
                words[-1] = info.head
                name = "a " + " ".join(words)
                idx = self._unnamed(name, info.descriptor, False, g.affiliation, info.descriptor_class)
                self.member_of[idx] = group
                return idx
        return self._unnamed(info.name, info.descriptor, info.plural, info.affiliation, info.descriptor_class)

    def _unnamed(
        self, name: str, descriptor: str | None, plural: bool | None, affiliation: str | None, dclass: str | None
    ) -> int:
        """The unnamed speaker of this name (one per name in an article)."""
        entity = Entity(
            name,
            "anonymous",
            [],
            descriptor=descriptor,
            plural=plural,
            affiliation=affiliation,
            descriptor_class=dclass,
        )
        return self._add(("anonymous", name.lower()), entity)

    def _another(self, c: Cand) -> int | None:
        """ "A person briefed on the talks said A. Another said B.": one more of the latest unnamed speaker's
        kind, a speaker of their own."""
        latest = next(iter(self._recent(c, 2)), None)
        if latest is None or self.entities[latest].kind != "anonymous" or self.entities[latest].plural:
            return None
        e = self.entities[latest]
        name = "another " + re.sub(r"^(?:a|an|one|another)\s+", "", e.name, flags=re.IGNORECASE)
        return self._unnamed(name, e.descriptor, False, e.affiliation, e.descriptor_class)

    def _org(self, info: SourceInfo) -> int | None:
        if info.definite:
            for _, i, _ in reversed(self.history):
                e = self.entities[i]
                if info.kind == "outlet" and e.kind == "outlet":
                    return i
                if info.kind == "document" and e.kind in {"document", "outlet"}:
                    return i
                if info.kind == "organization" and e.kind == "organization" and _last(e.name) == info.head:
                    return i
                if info.kind == "organization" and e.kind == "outlet" and info.name in lx.SHARED_OUTLET_NOUNS:
                    return i  # a bare "the network" after a named outlet is that outlet
        if info.kind == "outlet":
            return self._outlet(info.name)
        name = info.name
        return self._add((info.kind, _norm(name)), Entity(name, info.kind, []))

    def _outlet(self, name: str) -> int:
        """A named outlet; "the Courier" is the "Valley Courier" named in the article (the fuller name kept)."""
        key = _norm(name)
        if ("outlet", key) in self.keys:
            return self.keys[("outlet", key)]
        known = [
            i
            for i, e in enumerate(self.entities)
            if e.kind == "outlet" and key and (_norm(e.name).endswith(" " + key) or key.endswith(" " + _norm(e.name)))
        ]
        if len(known) != 1:
            return self._add(("outlet", key), Entity(name, "outlet", []))
        ent = self.entities[known[0]]
        if len(name) > len(ent.name):
            self._alias(known[0], ent.name)
            ent.name = name
        self.keys[("outlet", key)] = known[0]
        return known[0]

    def relay(self, span: tuple[int, int]) -> int | None:
        """The entity of the outlet or report a claim was relayed through (never a history entry: not a speaker)."""
        info = read_relay(self.text, span[0], span[1])
        idx = self._org(info)
        if idx is not None:
            self._alias(idx, self.text[span[0] : span[1]])
        return idx


# How far back (characters) a "he" or "she" with no speaker before it looks for a person opening a sentence.
_PRONOUN_REACH = 600
# What may stand before a name that opens a sentence: its titles ("Manager", "Dr.").
_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")  # another capitalized word after a name
_OPENING_TITLES = re.compile(r"\s*(?:[A-Z][\w.’'-]*\s+){0,2}")
# A few words ending with a lowercase noun, then a comma: "The club's coach, " (its role, `names_a_role`).
_ROLE_BEFORE_NAME = re.compile(r"\s*(?:[\w.’'-]+\s+){0,4}([a-z][a-z-]*),\s+(?:[A-Z][\w.’'-]*\s+){0,2}")


def _role_before_name(text: str, before: list[Token]) -> str | None:
    """The lowercase role in the words standing before a person's name in one phrase ("environmental lawyer |
    Jane Roe", "the firm's pollster | Jane Roe"), or None."""
    role = after_owner(before)
    while role and role[0].low in lx.DETERMINERS:
        role = role[1:]
    if not role or role[-1].cap or not names_a_role(role[-1].low):
        return None
    return text[role[0].start : role[-1].end]


# A sentence opening with a definite phrase whose last word may be a role ("The team's manager was …").
_ROLE_OPENING = re.compile(r"(?:^|(?<=[.!?”\"] )|(?<=\n))The ((?:[a-z][\w’'-]*\s+){2,4})", re.M)

_GENDERED_ROLES = {w: "she" if w.endswith("woman") else "he" for w in lx.ROLE_NOUNS if w.endswith("man")}
_TITLE_GENDER = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}


def _title_of(word: str) -> str:
    """The role a title word names: "Gov." -> "governor", "Senator" -> "senator"."""
    low = word.rstrip(".").lower()
    return lx.TITLE_ABBREVIATIONS.get(low, low)


# A relative clause that a name takes when it names no person.
_WHICH = re.compile(r",\s+which\b")
# Where an organization says something: "said on its website", "said in its annual report".
_ITS = re.compile(r"\b(?:on|in|through)\s+its\s")


def _describes_organization(text: str, span: tuple[int, int]) -> bool:
    """Whether an appositive names a kind of organization ("a trade group that represents …", "the company
    that runs the trains", "parent company"): its head noun, before any clause or prepositional phrase, is
    one."""
    toks = tokens(text, span[0], span[1])
    if not toks or toks[0].low in lx.RELATIVE_PRONOUNS:
        return False  # "who chairs the committee": a clause about the speaker, whose object is no head
    if _ends_a_longer_phrase(text, span[0]):
        return False  # "A historian at the city's | public university, Jane Roe,": the university's, not hers
    cut = next((n for n, t in enumerate(toks) if n and t.low in lx.NP_PREPS | lx.RELATIVE_PRONOUNS), len(toks))
    head = toks[cut - 1]
    return not head.cap and (head.low in lx.ORG_HEADS or noun_kind(head.low) == "organization")


def _ends_a_longer_phrase(text: str, start: int) -> bool:
    """Whether the phrase starting at `start` is the end of the object of a preposition (its owners and
    modifiers before it, then the preposition: "at | the city's | public university")."""
    line = line_start(text, start)
    before = tokens(text, max(line, start - 120), start)
    k = len(before)
    while k > 0 and (before[k - 1].possessive or before[k - 1].low in lx.DETERMINERS or open_word(before[k - 1])):
        k -= 1
    return k > 0 and before[k - 1].low in lx.NP_PREPS | lx.PREPOSITIONS


def _gender_marked(text: str, c: Cand) -> str | None:
    """ "he" or "she" as a named speaker's own mention marks them: a title ("Mr.", "Ms.") or a gendered role
    noun of the lexicon beside the name ("spokeswoman", "chairman"); None when nothing does, or both do. An
    owner's title marks the owner, not the speaker ("Mr. Hale's lawyer, Rebecca Stone")."""
    toks = after_owner(c.source_toks)
    if c.appositive:
        toks += after_owner(tokens(text, c.appositive[0], c.appositive[1]))
    words = [t.low.rstrip(".") for t in toks]
    marked = {_TITLE_GENDER.get(w) or _GENDERED_ROLES.get(w) for w in words} - {None}
    return marked.pop() if len(marked) == 1 else None


def _position(c: Cand) -> int:
    return c.source[0] if c.source else c.content[0]


def _head_of(e: Entity) -> str:
    return e.name.split()[-1].lower() if e.name else ""


def _norm(name: str) -> str:
    n = name.lower().replace("u.s.", "us").replace("united states", "us")
    n = re.sub(r"[^a-z0-9 ]+", " ", n)
    return " ".join(w for w in n.split() if w not in {"the", "a", "an"})
