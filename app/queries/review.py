"""The review queue: machine suggestions awaiting a person's decision, least certain first by default."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Status
from app.queries.attributions import AttributionFilters, AttributionSort, Page, count, page_ids
from app.store.errors import InputError

# Least certain first: a researcher's time goes where the extractor is most likely wrong.
REVIEW_SORT = AttributionSort.confidence


def queue_filters(f: AttributionFilters) -> AttributionFilters:
    """The filters narrowed to what awaits a decision; asking the queue for decided rows is an error."""
    if set(f.status) - {Status.suggested}:
        raise InputError("status", "the review queue holds suggestions only (status=suggested)")
    return f.model_copy(update={"status": [Status.suggested]})


def queue_page(session: Session, f: AttributionFilters, sort: AttributionSort, limit: int, cursor: str | None) -> Page:
    """One page of the queue (keyset-paged like every list)."""
    return page_ids(session, queue_filters(f), sort, limit, cursor)


def waiting(session: Session, f: AttributionFilters) -> int:
    """How many suggestions match the filters."""
    return count(session, queue_filters(f))
