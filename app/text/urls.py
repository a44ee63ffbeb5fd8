"""Article addresses: only http(s) URLs are stored or shown as links (never javascript:, data:, file:...)."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def is_web_url(value: str | None) -> bool:
    """An absolute http:// or https:// URL with a host, and no spaces or control characters in it."""
    if not value or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def web_url_problem(value: str) -> str | None:
    """Why an address is refused, or None when it is a web URL."""
    if is_web_url(value):
        return None
    scheme = value.split(":", 1)[0] if ":" in value else ""
    shown = f" (not {scheme[:20]!r})" if scheme and scheme.lower() not in WEB_SCHEMES else ""
    return f"must be an absolute http:// or https:// URL without spaces{shown}"
