"""The span index finds exactly the spans a scan of them all would find, in the same order."""

from __future__ import annotations

import random

from app.extraction.spans import SpanIndex, containing, iou, overlap


def test_meeting_is_what_a_full_scan_finds() -> None:
    rng = random.Random(5)
    for _ in range(200):
        spans: list[tuple[int, int] | None] = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 200)
            spans.append(None if rng.random() < 0.1 else (start, start + rng.choice([0, 1, 3, 10, 80])))
        index = SpanIndex(spans)
        for _ in range(20):
            lo = rng.randint(-5, 210)
            query = (lo, lo + rng.choice([0, 2, 15, 60]))
            expected = [i for i, s in enumerate(spans) if s is not None and s[0] <= query[1] and s[1] >= query[0]]
            assert index.meeting(query) == expected


def test_containing_finds_the_paragraph_of_a_position() -> None:
    paras = [(0, 10), (12, 30), (30, 31), (40, 50)]
    starts = [a for a, _ in paras]
    found = [containing(paras, starts, pos) for pos in range(-1, 52)]
    expected = [next((n for n, (a, b) in enumerate(paras) if a <= pos < b), None) for pos in range(-1, 52)]
    assert found == expected


def test_overlap_and_iou() -> None:
    assert overlap((0, 10), (5, 20)) == 5 and iou((0, 10), (5, 20)) == 5 / 20
    assert overlap((0, 5), (5, 9)) == 0 and iou((0, 5), (5, 9)) == 0.0  # touching is not sharing
    assert overlap((3, 4), (0, 10)) == 1 and iou((0, 10), (0, 10)) == 1.0
    assert iou((4, 4), (4, 4)) == 0.0  # two empty spans: nothing shared, no division by zero
