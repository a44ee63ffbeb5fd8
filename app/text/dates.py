"""Find publication dates written in article text ("March 3, 2024", "2023-04-02 18:05:00", ...).

Results are naive datetimes in UTC. A written time zone is applied when it is recognised; a date
with no zone is taken as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.text.calendar_words import MONTH_NAMES

_MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ZONE = r"(?P<zone>utc|gmt|z|[ecmp][sd]?t|bst|cet|cest|eet|eest|ist|jst|aest)\b"
_CLOCK = (
    r"(?:\s*(?:,|at|@|-|–|—|\|)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*\(?" + _ZONE + r"\)?)?)?"
)
_ISO = (
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})"
    r"(?:[T ](?P<iso_hh>\d{2}):(?P<iso_mm>\d{2})(?::(?P<iso_ss>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<iso_tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_MDY = _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b" + _CLOCK
_DMY = _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b" + _CLOCK

DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE) for p in (r"\b" + _ISO, r"\b" + _MDY, r"\b" + _DMY)
)

# Fixed offsets for abbreviations that name one offset; "ET"/"PT"-style names follow the rules of
# their region, so they go through zoneinfo.
_FIXED_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "eet": 2,
    "eest": 3,
    "ist": 5.5,
    "jst": 9,
    "aest": 10,
}
_REGION_ZONES = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver", "pt": "America/Los_Angeles"}


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: datetime  # naive, UTC when a zone was written
    start: int
    end: int


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    key = name.lower()
    if key in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[key]))
    if key in _REGION_ZONES:
        try:
            return ZoneInfo(_REGION_ZONES[key])
        except ZoneInfoNotFoundError:
            return None
    return None


def _to_naive_utc(moment: datetime, zone: tzinfo | None) -> datetime:
    if zone is None:
        return moment
    return moment.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _from_match(m: re.Match[str]) -> datetime | None:
    groups = m.groupdict()
    try:
        if groups.get("iso_y"):
            moment = datetime(
                int(groups["iso_y"]),
                int(groups["iso_m"]),
                int(groups["iso_d"]),
                int(groups["iso_hh"] or 0),
                int(groups["iso_mm"] or 0),
                int(groups["iso_ss"] or 0),
            )
            tz = groups.get("iso_tz")
            if tz and tz != "Z":
                sign = 1 if tz[0] == "+" else -1
                digits = tz[1:].replace(":", "")
                offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                return _to_naive_utc(moment, timezone(sign * offset))
            return moment
        month = _MONTHS[groups["month"][:3].lower()]
        hour = int(groups["hour"]) if groups.get("hour") else 0
        minute = int(groups["minute"]) if groups.get("minute") else 0
        second = int(groups["second"]) if groups.get("second") else 0
        ampm = (groups.get("ampm") or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        moment = datetime(int(groups["year"]), month, int(groups["day"]), hour, minute, second)
        return _to_naive_utc(moment, _zone(groups.get("zone")))
    except (ValueError, KeyError):
        return None  # "February 30" and the like: not a date


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[FoundDate]:
    """Every well-formed date written in ``text[start:end]``, in text order, without overlaps."""
    stop = len(text) if end is None else end
    found: list[FoundDate] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text, start, stop):
            value = _from_match(m)
            if value is None:
                continue
            m_end = m.end()
            while m_end > m.start() and text[m_end - 1].isspace():
                m_end -= 1
            if any(f.start < m_end and m.start() < f.end for f in found):
                continue
            found.append(FoundDate(value, m.start(), m_end))
    found.sort(key=lambda f: f.start)
    return found
