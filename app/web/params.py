"""The search state a URL holds: parsing it into the query layer's filters and building facet links."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from app.queries.attributions import AttributionFilters, AttributionSort

MULTI = ("speaker", "outlet", "speaker_kind", "kind", "quote_type", "stance", "status")
SINGLE = (
    "q",
    "speaker_name",
    "anonymous",
    "via",
    "published_from",
    "published_to",
    "article",
    "claim",
    "min_confidence",
)
FILTER_KEYS = MULTI + SINGLE


@dataclass
class SearchState:
    """The filter pairs of a search, kept in URL order, with the links that change them."""

    pairs: list[tuple[str, str]]
    sort: AttributionSort = AttributionSort.published_at_desc
    errors: list[str] = field(default_factory=list)
    # Filters a page imposes itself (the speaker page's speaker): always kept, never shown as removable.
    fixed: list[tuple[str, str]] = field(default_factory=list)
    # The page's own order, left out of its links (newest first, or least certain first in the review queue).
    default_sort: AttributionSort = AttributionSort.published_at_desc

    def value(self, key: str) -> str:
        return next((v for k, v in self.pairs if k == key), "")

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.pairs if k == key]

    def has(self, key: str, value: Any) -> bool:
        return (key, _text(value)) in self.pairs

    def _url(self, pairs: list[tuple[str, str]], **extra: str) -> str:
        items = list(pairs)
        if self.sort != self.default_sort:
            items.append(("sort", self.sort.value))
        items += [(k, v) for k, v in extra.items() if v]
        return "?" + urlencode(items) if items else "?"

    def toggled(self, key: str, value: Any) -> str:
        """This search with `key=value` added, or removed when it is already there."""
        v = _text(value)
        if (key, v) in self.pairs:
            return self._url([p for p in self.pairs if p != (key, v)])
        kept = self.pairs if key in MULTI else [p for p in self.pairs if p[0] != key]
        return self._url([*kept, (key, v)])

    def adding(self, *pairs: tuple[str, Any]) -> str:
        """This search with these values set (replacing a single-valued filter's value)."""
        new = [(k, _text(v)) for k, v in pairs]
        replaced = {k for k, _ in new if k not in MULTI}
        kept = [p for p in self.pairs if p[0] not in replaced and p not in new]
        return self._url([*kept, *new])

    def without(self, key: str, value: str | None = None) -> str:
        return self._url([p for p in self.pairs if p[0] != key or (value is not None and p[1] != value)])

    def month(self, ym: str) -> str:
        """This search restricted to one month (YYYY-MM)."""
        return self.adding(*month_range(ym))

    def with_sort(self, sort: str) -> str:
        items = list(self.pairs)
        if sort != self.default_sort.value:
            items.append(("sort", sort))
        return "?" + urlencode(items) if items else "?"

    def next_page(self, cursor: str) -> str:
        return self._url(self.pairs, cursor=cursor)

    def query_string(self, **extra: str) -> str:
        """All filters (the fixed ones too) as a query string, for the API and the export."""
        return urlencode([*self.fixed, *self.pairs, *((k, v) for k, v in extra.items() if v)])

    def filters(self) -> AttributionFilters:
        return to_filters(self.fixed + self.pairs)[0]


def month_range(ym: str) -> tuple[tuple[str, str], tuple[str, str]]:
    year, month = (int(x) for x in ym.split("-"))
    last = calendar.monthrange(year, month)[1]
    return ("published_from", f"{ym}-01"), ("published_to", f"{ym}-{last:02d}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value.value if hasattr(value, "value") else value)


def to_filters(pairs: list[tuple[str, str]]) -> tuple[AttributionFilters, list[str]]:
    """Filters from URL pairs; a bad value is dropped with a message instead of failing the page."""
    data: dict[str, Any] = {}
    for k, v in pairs:
        if k in MULTI:
            data.setdefault(k, []).append(v)
        else:
            data[k] = v
    errors: list[str] = []
    for _ in range(len(FILTER_KEYS) + 1):
        try:
            return AttributionFilters.model_validate(data), errors
        except ValidationError as exc:
            first = exc.errors()[0]
            key = str(first["loc"][0]) if first["loc"] else ""
            errors.append(f"{key.replace('_', ' ')}: {first['msg']} — that filter was left out")
            data.pop(key, None)
    return AttributionFilters(), errors


def parse_search(
    params: QueryParams,
    fixed: list[tuple[str, str]] | None = None,
    default_sort: AttributionSort = AttributionSort.published_at_desc,
) -> tuple[SearchState, str | None]:
    """The search state and page cursor of a request's query string."""
    pairs = [(k, v.strip()) for k, v in params.multi_items() if k in FILTER_KEYS and v.strip()]
    pairs = list(dict.fromkeys(pairs))
    fixed_keys = {k for k, _ in fixed or []}
    pairs = [p for p in pairs if p[0] not in fixed_keys]
    _, errors = to_filters((fixed or []) + pairs)
    # Keep only the pairs the filters accepted, so links never carry a refused value along.
    bad = {e.split(":")[0].replace(" ", "_") for e in errors}
    pairs = [p for p in pairs if p[0] not in bad]
    try:
        sort = AttributionSort(params.get("sort", default_sort.value))
    except ValueError:
        sort = default_sort
        errors.append("sort: unknown order — the page's usual order is used")
    cursor = params.get("cursor") or None
    state = SearchState(pairs=pairs, sort=sort, errors=errors, fixed=list(fixed or []), default_sort=default_sort)
    return state, cursor
