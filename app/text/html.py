"""Turn a saved HTML page into article text and metadata (trafilatura; never touches the network)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import trafilatura

from app.text.language import guess_language
from app.text.urls import is_web_url


class UnreadableHtml(ValueError):
    """The HTML holds no article text that could be extracted."""


@dataclass(slots=True)
class HtmlArticle:
    # Main text, paragraphs separated by "\n"; may open with the headline. trafilatura drops exact
    # repeats of a paragraph, so this text is already free of the copies a scraped .txt would hold.
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # naive UTC (date only when the page gives no time)
    outlet: str | None = None  # site name as the page gives it
    url: str | None = None  # canonical URL from the page, else the URL passed in
    hostname: str | None = None
    description: str | None = None
    language: str = "en"  # ISO 639-1: page's declared language, else guessed from text


# A page whose longest line is shorter than this holds menus and labels, not an article.
MIN_LINE_WORDS = 6
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)
_SPLIT_AUTHORS = re.compile(r"\s*;\s*|\s+and\s+|\s*&\s*")


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in (_DATE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    return None


def _declared_language(page: str) -> str | None:
    m = _LANG.search(page[:5000])
    return m.group(1).lower() if m else None


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    names: list[str] = []
    for part in _SPLIT_AUTHORS.split(value):
        name = part.strip(" ,")
        if name and name not in names:
            names.append(name)
    return names


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _web_url(value: str | None) -> str | None:
    """A page's own address is kept only when it is an http(s) URL; anything else is page data we drop."""
    return value if is_web_url(value) else None


def html_to_article(html: str | bytes, url: str | None = None) -> HtmlArticle:
    """Extract the main text and metadata of one HTML page.

    Raises ``UnreadableHtml`` when the page is empty or no article text can be found in it, and
    ``TypeError`` when ``html`` is neither str nor bytes.
    """
    if not isinstance(html, str | bytes):
        raise TypeError(f"html_to_article expects str or bytes, got {type(html).__name__}")
    if not html.strip():
        raise UnreadableHtml("empty HTML document")
    page = html if isinstance(html, str) else html[:5000].decode("utf-8", errors="replace")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": _DATE_FORMAT},
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup deep inside lxml
        raise UnreadableHtml(f"could not parse HTML: {exc}") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise UnreadableHtml("no article text found in the HTML")
    if max(len(line.split()) for line in text.splitlines()) < MIN_LINE_WORDS:
        raise UnreadableHtml(f"no article text found in the HTML (only short lines: {text[:80]!r})")
    assert doc is not None
    declared = _declared_language(page)
    return HtmlArticle(
        text=text,
        title=_clean(doc.title),
        authors=_authors(doc.author),
        published_at=_parse_date(doc.date),
        outlet=_clean(doc.sitename),
        url=_web_url(_clean(doc.url)) or _web_url(url),
        hostname=_clean(doc.hostname),
        description=_clean(doc.description),
        language=declared or guess_language(text),
    )
