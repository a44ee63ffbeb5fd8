"""Finding the spans near a span without looking at every span: what keeps extraction linear in text length.

Candidates compare themselves with the candidates they overlap, nest in or share a cue with; comparing
each with every other made a long text's extraction quadratic in its length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Span = tuple[int, int]


class SpanIndex:
    """Spans kept sorted by start, each with its position in the sequence given."""

    def __init__(self, spans: Sequence[Span | None]) -> None:
        items = sorted((s[0], s[1], i) for i, s in enumerate(spans) if s is not None)
        self._starts = [start for start, _, _ in items]
        self._items = items
        # No span reaches further back than the longest one is long.
        self._reach = max((end - start for start, end, _ in items), default=0)

    def meeting(self, span: Span) -> list[int]:
        """The positions, ascending, of every span (start, end) with start <= hi and end >= lo for the span's
        ends lo <= hi: each one that overlaps, contains, lies inside or touches it."""
        lo, hi = min(span), max(span)
        first = bisect_left(self._starts, lo - self._reach)
        last = bisect_right(self._starts, hi)
        return sorted(i for _, end, i in self._items[first:last] if end >= lo)


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share (0 when they do not meet)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def iou(a: Span, b: Span) -> float:
    """Overlap over union of two spans: the scorers' matching measure (0.5 counts as the same content)."""
    union = max(a[1], b[1]) - min(a[0], b[0])
    return overlap(a, b) / union if union else 0.0


def containing(spans: Sequence[Span], starts: Sequence[int], pos: int) -> int | None:
    """The position of the span holding `pos` (start <= pos < end) among sorted, disjoint spans whose
    starts are `starts`; None if none does."""
    n = bisect_right(starts, pos) - 1
    return n if n >= 0 and spans[n][0] <= pos < spans[n][1] else None
