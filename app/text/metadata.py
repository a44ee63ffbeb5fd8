"""Read headline, byline, dateline, publication date and language from a plain article text.

Nothing here changes the text: every field found carries the span it was read from, as Python
indices into the text exactly as given, so the database can store it as a region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from app.text.bylines import BY_PREFIX, bare_names, display_name, read_byline
from app.text.dates import find_dates
from app.text.language import guess_language


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str  # == article_text[start:end]


@dataclass(slots=True)
class TextMetadata:
    title: str | None = None
    title_span: TextSpan | None = None
    authors: list[str] = field(default_factory=list)
    byline_span: TextSpan | None = None  # the whole byline as written ("By Jane Doe and John Roe")
    dateline: str | None = None  # the city, e.g. "Brussels"
    dateline_source: str | None = None  # wire named in it: "LONDON (Reuters) -" -> "Reuters"
    dateline_span: TextSpan | None = None  # "BRUSSELS —", up to and including the dash
    published_at: datetime | None = None  # naive, UTC when the text gives a zone
    published_span: TextSpan | None = None  # the date as written ("2023-04-02 18:05:00")
    published_line_span: TextSpan | None = None  # the line holding it when that line holds only the date
    language: str = "en"

    def regions(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) for the headline, byline and dateline regions, in text order.

        A line that holds only a publication date ("Published: March 3, 2024") is a dateline region.
        """
        found = [
            (self.title_span, "headline"),
            (self.byline_span, "byline"),
            (self.dateline_span, "dateline"),
            (self.published_line_span, "dateline"),
        ]
        return sorted((s.start, s.end, kind) for s, kind in found if s is not None)


@dataclass(frozen=True, slots=True)
class _Line:
    index: int  # position among non-blank lines
    start: int  # first non-space character
    end: int  # after the last non-space character
    text: str
    blank_after: bool  # followed by a blank line or the end of the text


HEADER_LINES = 12  # non-blank lines searched for headline, byline and date
DATELINE_LINES = 15  # non-blank lines searched for a dateline
BODY_WORDS = 12  # a line this long is body text, not headline, byline or label
DATELINE_AFTER_PARAGRAPHS = 3  # body-length paragraphs (standfirst, caption, abstract) allowed before it
_SMALL_WORDS = _words(
    "a an the of in on at to for and or but nor as by with from into over under up via vs is are was "
    "be after before about amid against than"
)
_FURNITURE = re.compile(
    r"^(skip to|jump to|menu|search|sign in|log ?in|subscribe|advertisement|share|home\b|main menu|"
    r"toggle|close|open menu|accessibility)",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(r"[»›]| > ")
_LABELLED_DATE = re.compile(
    r"^(?:first\s+)?(?P<label>publish(?:ed)?|posted|updated|last\s+updated|modified|date|dated)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+){0,3}|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}(?=\s*[,(]))"
    r"(?:,\s(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    r"(?:,?\s(?P<when>[A-Z][a-z]{2,8}\.?\s\d{1,2}))?"
    r"(?:\s?\((?P<wire>[A-Z][\w.&' ]{1,40})\))?"
    r"(?:\s*(?P<dash>—|–|―|‒)\s*|\s*(?P<hyphen>--|-|:)\s+)(?=\S)"
)
_NOT_CITIES = _words(
    "breaking update updated exclusive watch live analysis opinion editorial note correction photos "
    "video read more advertisement warning q a"
)


def _lines(text: str) -> list[_Line]:
    raw: list[tuple[int, int]] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        raw.append((pos, pos + len(piece)))
        pos += len(piece)
    out: list[_Line] = []
    for i, (a, b) in enumerate(raw):
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = a + (len(chunk) - len(chunk.lstrip()))
        end = start + len(stripped)
        blank_after = i + 1 >= len(raw) or not text[raw[i + 1][0] : raw[i + 1][1]].strip()
        out.append(_Line(len(out), start, end, stripped, blank_after))
    return out


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start, end, text[start:end])


def _titleish(words: list[str]) -> bool:
    content = [w for w in words if w.lower().strip("\"'“”‘’(") not in _SMALL_WORDS]
    if not content:
        return False
    capital = sum(1 for w in content if w.lstrip("\"'“‘(")[:1].isupper() or w[:1].isdigit())
    return capital >= 0.75 * len(content)


def _looks_like_byline(line: _Line) -> bool:
    return bool(BY_PREFIX.match(line.text)) or bool(bare_names(line.text))


def _is_headline(line: _Line, following: _Line | None) -> bool:
    words = line.text.split()
    if not 3 <= len(words) <= 22 or len(line.text) > 180:
        return False
    final_stop = line.text[-1] in ".,;:" and not re.search(r"\b(?:[A-Z]\.){2,}$", line.text)
    if final_stop and not (line.text[-1] == "." and line.blank_after and _titleish(words)):
        return False  # a title-case line standing alone is a headline even when a scraper added a stop
    if not (line.text[0].isupper() or line.text[0].isdigit() or line.text[0] in "\"'“‘"):
        return False
    if _FURNITURE.match(line.text) or _NAVIGATION.search(line.text) or BY_PREFIX.match(line.text):
        return False
    if _titleish(words):
        return True
    # Sentence-case headlines are common; a short unpunctuated line standing alone is one.
    return len(words) <= 16 and (line.blank_after or following is None or _looks_like_byline(following))


def _read_date(text: str, line: _Line, meta: TextMetadata, bare_ok: bool) -> bool:
    labelled = _LABELLED_DATE.match(line.text)
    dates = find_dates(text, line.start, line.end)
    if not dates:
        return False
    first = dates[0]
    before = text[line.start : first.start]
    alone = not text[first.end : line.end].strip(" ,.|()[]")
    if labelled and not before[labelled.end() :].strip():
        label = labelled.group("label").lower()
        is_update = "updated" in label or label == "modified"
        if is_update and meta.published_at is not None:
            return False
    elif not (bare_ok and not before.strip(" |•·-–—,") and alone):
        return False
    meta.published_at = first.value
    meta.published_span = _span(text, first.start, first.end)
    meta.published_line_span = _span(text, line.start, line.end) if alone else None
    return True


def _read_dateline(text: str, lines: list[_Line], meta: TextMetadata) -> None:
    skip = {meta.title_span.start if meta.title_span else -1}
    body_paragraphs = 0
    for line in lines[:DATELINE_LINES]:
        if line.start in skip:
            continue
        m = _DATELINE.match(line.text)
        if not m:
            body_paragraphs += len(line.text.split()) >= BODY_WORDS
            if body_paragraphs >= DATELINE_AFTER_PARAGRAPHS:
                return  # a dateline opens the body (after a standfirst or caption); later capitals are subheads
            continue
        city = m.group("city")
        if city.lower().strip(".") in _NOT_CITIES or (m.group("hyphen") == ":" and not m.group("wire")):
            continue
        if city[:2].istitle() and not (m.group("wire") or m.group("when")):
            continue  # "London, the capital, ..." is a sentence; a title-case city needs a wire or date
        end = line.start + m.end()
        while text[end - 1].isspace():
            end -= 1
        meta.dateline = display_name(city) if city.isupper() else city
        meta.dateline_source = m.group("wire")
        meta.dateline_span = _span(text, line.start, end)
        return


def read_text_metadata(text: str) -> TextMetadata:
    """Headline, authors, dateline city, publication date and language of ``text``, with spans."""
    if not isinstance(text, str):
        raise TypeError(f"read_text_metadata expects str, got {type(text).__name__}")
    meta = TextMetadata(language=guess_language(text))
    lines = _lines(text)
    header = lines[:HEADER_LINES]
    for i, line in enumerate(header):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if len(line.text.split()) > 40:
            break  # body text has started
        may_date = meta.published_span is None or (
            meta.published_line_span is None and _LABELLED_DATE.match(line.text) is not None
        )
        if may_date and _read_date(text, line, meta, bare_ok=True) and meta.published_line_span is not None:
            continue
        if meta.title_span is None and meta.byline_span is None and _is_headline(line, following):
            title_end = line.end
            cut = re.search(r"\s+\|\s+", line.text)
            if cut:  # "Headline | Site name"
                title_end = line.start + cut.start()
            meta.title_span = _span(text, line.start, title_end)
            meta.title = meta.title_span.text
            continue
        near_title = meta.title_span is not None and i <= _title_index(meta, lines) + 3
        if meta.byline_span is None and (BY_PREFIX.match(line.text) or near_title):
            authors = read_byline(line.text)
            if authors is not None and (authors or re.fullmatch(r"(?:[^\w\s]\s*)*by", line.text, re.I)):
                meta.authors = authors
                meta.byline_span = _span(text, line.start, line.end)
                if meta.published_span is None:
                    _read_date_in_byline(text, line, meta)
    if meta.published_span is None:
        for line in lines[-8:]:
            if _LABELLED_DATE.match(line.text) and _read_date(text, line, meta, bare_ok=False):
                break
    _read_dateline(text, lines, meta)
    return meta


def _title_index(meta: TextMetadata, lines: list[_Line]) -> int:
    assert meta.title_span is not None
    return next(line.index for line in lines if line.start == meta.title_span.start)


def _read_date_in_byline(text: str, line: _Line, meta: TextMetadata) -> None:
    dates = find_dates(text, line.start, line.end)
    if dates:
        meta.published_at = dates[0].value
        meta.published_span = _span(text, dates[0].start, dates[0].end)
