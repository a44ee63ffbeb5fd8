"""Read author names from byline lines ("By Jane Doe and John Roe", "JANE Q. DOE")."""

from __future__ import annotations

import re


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


BY_PREFIX = re.compile(
    r"^(?:[^\w\s]\s*)*(?:(?:posted|written|published|reported|story|words|reporting)\s+)?by\b[:\s]*",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.)$")
_PARTICLES = _words("de da del della di du van von der den la le al el bin ibn ben st.")
_NOT_NAMES = _words(
    "staff writer writers correspondent correspondents reporter reporters editor editors contributor "
    "columnist bureau chief senior news press associated agency desk team updated published posted "
    "photo photos video by wire service times post herald tribune journal gazette courier radio media "
    "network television channel online digital group"
)
_BYLINE_STOP = re.compile(r"\s(?:\||•|·|-|–|—)\s|\t")


def _name_groups(tokens: list[str]) -> list[str]:
    """Split name tokens on "and"/"&"/commas and keep the groups that read as person names."""
    names: list[str] = []
    current: list[str] = []

    def close() -> None:
        capitals = [t for t in current if t.lower() not in _PARTICLES]
        if len(capitals) >= 2 and not any(t.lower().strip(".,") in _NOT_NAMES for t in current):
            names.append(" ".join(current))
        current.clear()

    for raw in tokens:
        ends_group = raw.endswith(",")
        token = raw.rstrip(",")
        if token.lower() in {"and", "&"}:
            close()
            continue
        if _NAME_TOKEN.match(token) or (token.lower() in _PARTICLES and current):
            current.append(token)
        else:
            break
        if ends_group:
            close()
    close()
    return names


def bare_names(line: str) -> list[str]:
    """Names on a line holding only person names ("JANE Q. DOE", "Jane Doe and John Roe")."""
    tokens = line.split()
    if not 2 <= len(tokens) <= 9:
        return []
    names = _name_groups(tokens)
    consumed = sum(len(n.split()) for n in names) + sum(1 for t in tokens if t.lower() in {"and", "&"})
    return names if names and consumed == len(tokens) else []


def display_name(name: str) -> str:
    """An all-capitals name in title case ("MARIA DE LA CRUZ" -> "Maria de la Cruz"); others unchanged."""
    if name.upper() != name:
        return name

    def fix(word: str) -> str:
        return "-".join(
            "’".join("'".join(p.capitalize() for p in q.split("'")) for q in h.split("’")) for h in word.split("-")
        )

    words = name.split()
    return " ".join(w.lower() if i and w.lower() in _PARTICLES else fix(w) for i, w in enumerate(words))


def read_byline(line: str) -> list[str] | None:
    """Authors named in a byline line; None when the line is not a byline, [] for a bare "by"."""
    by = BY_PREFIX.match(line)
    if by:
        rest = line[by.end() :]
        stop = _BYLINE_STOP.search(rest)
        if stop:
            rest = rest[: stop.start()]
        return [display_name(n) for n in _name_groups(rest.split())]
    names = bare_names(line)
    return [display_name(n) for n in names] if names else None
