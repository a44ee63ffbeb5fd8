"""The PostgreSQL reading of `ChangeWatch.only`: a batch's commit was the only change when the ids given out
between its start and end are exactly its own and the transactions in progress at its start still are."""

from __future__ import annotations

import pytest

from app.ingest.change_watch import ChangeWatch


@pytest.fixture()
def watch() -> ChangeWatch:
    w = ChangeWatch.__new__(ChangeWatch)
    w.version, w.postgres = None, True
    return w


@pytest.mark.parametrize(
    ("start", "own", "end", "others", "only"),
    [
        ("100:100:", "100", "104:104:", 3, True),  # its id and three savepoints'
        ("100:100:", "100", "105:105:", 3, False),  # one id more: someone else wrote
        ("100:100:", "101", "104:104:", 3, False),  # another took the next id first
        ("97:100:97", "100", "97:104:97", 3, True),  # one in progress before, still in progress
        ("97:100:97", "100", "104:104:", 3, False),  # it ended meanwhile: it may have committed a change
        ("100:100:", None, "100:100:", 0, False),  # the batch wrote nothing: nothing held it
        (None, "100", "104:104:", 3, False),  # the token could not be read
    ],
)
def test_only_the_batch_changed_the_database(
    watch: ChangeWatch, start: str | None, own: str | None, end: str, others: int, only: bool
) -> None:
    assert watch.only(start, own, end, others) is only
