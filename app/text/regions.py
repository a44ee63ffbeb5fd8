"""Regions of a scraped article that are not article prose: repeats, page furniture, headline,
byline, dateline.

Pure function of the text, fast, callable without the extractor. Offsets index the stored text;
nothing is rewritten.
"""

from __future__ import annotations

import re

from app.extraction.segment import paragraphs
from app.extraction.types import Region

# Lines that are page furniture wherever they appear: comment forms, share bars, site chrome.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        no\ comments?:?|post\ a\ comment|leave\ a\ (?:reply|comment)|skip\ to\ (?:main\ )?content
        |source\ link|comments?|\d+\ comments?|add\ (?:a\ |your\ )?comment
        |(?:one|no|\d+)\ responses?(?:\ so\ far)?|(?:one|\d+)\ responses?\ to\ .*
        |share(?:\ this)?(?:\ (?:article|story|post))?:?|share\ on\ \w+|tweet|email|print|facebook
        |twitter|whatsapp|linkedin|reddit|pinterest|telegram
        |subscribe\b.*|sign\ up\b.*|follow\ us\b.*|click\ here\b.*|read\ more\b.*|read\ the\ rest\b.*
        |related(?:\ (?:articles|posts|stories))?:?|advertisement|sponsored(?:\ content)?
        |copyright\b.*|©.*|all\ rights\ reserved.*|tags?:.*|filed\ under\b.*|posted\ in\b.*
        |published\ by\b.*|publish(?:ed)?\s*:.*|home\ ».*|you\ may\ also\ like.*|more\ from\b.*
        |log\ ?in\ to\ (?:reply|comment).*|reply|report\ (?:this\ )?comment|loading\.*
        |•?\s*by|share\ this:?|like\ this:?|previous\ (?:post|article)|next\ (?:post|article)
        |\W*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headers after which a blog page holds only readers' comments.
_COMMENT_SECTION = re.compile(
    r"""^(?:no\ comments?:?|post\ a\ comment|leave\ a\ (?:reply|comment)|comments?|\d+\ comments?
       |(?:one|no|\d+)\ responses?(?:\ so\ far)?|(?:one|\d+)\ responses?\ to\ .*
       |join\ the\ (?:discussion|conversation)|discussion)$""",
    re.IGNORECASE | re.VERBOSE,
)
_COMMENTER_LINE = re.compile(r"^\S{1,40}\s+(?:says|said|wrote):$", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z.'’\- ]{2,40}(?:,\s+[A-Z][\w.\s]{1,30}){0,2}\s*(?:\([^)]{1,30}\)\s*)?[—–―-]{1,2}\s+")
_DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}.*)?$"
)
_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]*|and|&)){0,6}"
    r"|[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){1,4})$"
)


def _norm(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", line.lower()).split())


def find_regions(text: str) -> list[Region]:
    """Mark repeats (every copy after the first), furniture, headline, byline and dateline."""
    if not isinstance(text, str):
        raise TypeError("find_regions expects the article text as a str")
    lines = paragraphs(text)
    regions: list[Region] = []
    seen: set[str] = set()
    comments_from: int | None = None
    n = len(lines)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        # A comment section header in the last part of the page: what follows is readers' talk.
        if comments_from is None and _COMMENT_SECTION.match(line) and i >= n // 2:
            comments_from = i
        if comments_from is not None:
            regions.append(Region(s, e, "furniture"))
            continue
        if _FURNITURE_LINE.match(line) or _COMMENTER_LINE.match(line):
            regions.append(Region(s, e, "furniture"))
            continue
        key = _norm(line)
        if len(key) >= 12 and key in seen:
            regions.append(Region(s, e, "repeat"))
            continue
        seen.add(key)
    taken = {(r.start, r.end) for r in regions}
    regions.extend(_front_matter(text, [ln for ln in lines if ln not in taken]))
    return sorted(regions, key=lambda r: (r.start, r.end))


def _front_matter(text: str, lines: list[tuple[int, int]]) -> list[Region]:
    out: list[Region] = []
    headline_done = False
    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if idx < 6 and _DATE_LINE.match(line):
            out.append(Region(s, e, "dateline"))
            continue
        if idx < 6 and _BYLINE.match(line) and len(line.split()) <= 8 and not line.isdigit():
            out.append(Region(s, e, "byline"))
            continue
        m = _DATELINE.match(line)
        if m and idx < 12:
            out.append(Region(s, s + m.end(), "dateline"))
        words = line.split()
        if not headline_done and idx < 6 and 2 <= len(words) <= 25 and not re.search(r"[.!?]\W*$", line):
            out.append(Region(s, e, "headline"))
            headline_done = True
        elif len(words) > 25:
            headline_done = True
    return out


def skipped_spans(regions: list[Region]) -> list[tuple[int, int]]:
    """The spans extraction must not read: repeats, furniture and bylines."""
    return [(r.start, r.end) for r in regions if r.kind in ("repeat", "furniture", "byline")]
