"""Full-text search over attribution content: SQLite FTS5 (attribution_fts) or PostgreSQL text search (a GIN
index on the content's tsvector, and attribution_search's stored tsvectors for the newest matches)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.db import dialect_name
from app.models import Attribution

_TOKEN = re.compile(r'"([^"]+)"|(\w+\*?)', re.UNICODE)


def fts5_query(q: str) -> str | None:
    """Turn what a researcher types into a safe FTS5 query: words ANDed, "quoted phrases" kept, OR kept."""
    parts: list[str] = []
    for phrase, word in _TOKEN.findall(q):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word.upper() == "OR" and parts:
            parts.append("OR")
        elif word:
            prefix = word.endswith("*")
            core = word.rstrip("*")
            if core:
                parts.append(f'"{core}"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


SEARCH_TABLE = table("attribution_search", column("id"), column("tsv"))
# A search's facets count at most this many of its matches, the newest (see Matches).
FACET_SAMPLE = 2000


def _tsquery(q: str) -> ColumnElement[object]:
    return func.websearch_to_tsquery(literal_column("'english'"), q)


def content_tsvector() -> ColumnElement[object]:
    """PostgreSQL's text-search document of an attribution's content (what the GIN indexes hold)."""
    return func.to_tsvector(literal_column("'english'"), Attribution.content_text)


def content_matches(session: Session, q: str, *, dense: bool = False) -> ColumnElement[bool]:
    """Attributions whose content matches `q`. `dense`: the caller knows the matches are many (more than a
    search's newest matches hold), so a plan that walks the page's order and tests each row finds a page
    soonest: SQLite would otherwise read every match first and sort them all, and PostgreSQL tests a stored
    tsvector per row instead of computing one (15 µs)."""
    if dialect_name(session) == "postgresql":
        if dense:  # each row walked is tested by a lookup of its stored tsvector, not by computing one
            return Attribution.id.in_(select(SEARCH_TABLE.c.id).where(SEARCH_TABLE.c.tsv.op("@@")(_tsquery(q))))
        return content_tsvector().op("@@")(_tsquery(q))
    query = fts5_query(q)
    if query is None:
        return Attribution.id.is_(None)
    matching = (
        select(literal_column("rowid"))
        .select_from(text("attribution_fts"))
        .where(text("attribution_fts MATCH :fts_q").bindparams(fts_q=query))
    )
    # `id + 0` is no index key: SQLite then tests each row of the order it walks against the matches.
    return (Attribution.id + 0 if dense else Attribution.id).in_(matching)


@dataclass(frozen=True)
class Matches:
    """The newest attributions whose content matches a search (highest ids first), read from the full-text
    index alone; `complete`: they are every match. A search's facets count the first FACET_SAMPLE of them,
    and a search whose matches were all read pages through them instead of searching again.

    Counting the facets of every match of a common word costs as much as the matches (at 1,000,000
    attributions `q=harbour budget` matches 61,378: half a second), so they count the newest ones."""

    ids: list[int]
    complete: bool
    bound: int = FACET_SAMPLE  # how many of them the facets count

    @property
    def sample(self) -> list[int]:
        return self.ids[: self.bound]

    @property
    def partial(self) -> bool:
        """Whether more attributions match than the facets count."""
        return not self.complete or len(self.ids) > self.bound


# A search whose newest matches are sparse among the ids reads up to this many (all of them, mostly), for
# a walk of a page's order would pass many rows between two matches.
SPARSE_BOUND = 20_000
# The page size the choice between walking and reading assumes.
_PAGE = 50


def newest_matches(session: Session, q: str, bound: int = FACET_SAMPLE) -> Matches:
    """The `bound` newest matches of `q`; more when they are sparse (see SPARSE_BOUND).

    From the newest `bound`, the share d of ids that match tells the cost of the two ways to a page: walking
    its order passes some page / d rows, reading every match some d × ids rows. When reading is cheaper,
    up to SPARSE_BOUND matches are read, so that a page is sorted from them. Where PostgreSQL's plan for
    the newest reads every match anyway (a bitmap of the index, then a sort), its sort keeps up to
    SPARSE_BOUND of them: one read of the index instead of two."""
    sorts_all = _plan_reads_every_match(session, q, bound + 1)
    ids = _newest(session, q, (SPARSE_BOUND if sorts_all else bound) + 1)
    if len(ids) <= bound:
        return Matches(ids, complete=True, bound=bound)
    if _reading_all_pays(ids, bound):
        every = (ids if len(ids) <= SPARSE_BOUND else None) if sorts_all else _every_match(session, q)
        if every is not None:
            return Matches(every, complete=True, bound=bound)
    return Matches(ids[:bound], complete=False, bound=bound)


def _every_match(session: Session, q: str) -> list[int] | None:
    """Every match of `q`, newest first, read in the index's order (cheaper); None past SPARSE_BOUND."""
    every = _newest(session, q, SPARSE_BOUND + 1, ordered=False)
    return sorted(every, reverse=True) if len(every) <= SPARSE_BOUND else None


def _reading_all_pays(ids: list[int], bound: int) -> bool:
    """Whether reading every match costs less than walking a page's order, judged from the newest `bound`
    + 1 matches (`ids`, newest first): all of them when there are no more."""
    if len(ids) <= bound:
        return True
    share = bound / (ids[0] - ids[bound - 1] + 1)
    return share * share * ids[0] < _PAGE


def _plan_reads_every_match(session: Session, q: str, limit: int) -> bool:
    """Whether PostgreSQL's plan for the `limit` newest matches of `q` sorts them: it reads every match then
    (from the index's bitmap) rather than walking the ids down. Asked of the planner (EXPLAIN, no rows read);
    SQLite's full-text index yields its matches in id order, so it never does."""
    if dialect_name(session) != "postgresql":
        return False
    compiled = _newest_statement(q, limit, ordered=True).compile(dialect=session.get_bind().dialect)
    [plan] = (
        session.connection().exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
    )
    return _has_sort(plan["Plan"])


def _has_sort(node: dict[str, Any]) -> bool:
    return node["Node Type"] == "Sort" or any(_has_sort(child) for child in node.get("Plans", []))


def _newest(session: Session, q: str, limit: int, *, ordered: bool = True) -> list[int]:
    """Up to `limit` matches of `q`, newest first (`ordered`) or as the index yields them."""
    if dialect_name(session) == "postgresql":
        return [int(i) for i in session.scalars(_newest_statement(q, limit, ordered=ordered))]
    query = fts5_query(q)
    if query is None:
        return []
    key = literal_column("rowid")
    stmt = (
        select(key)
        .select_from(text("attribution_fts"))
        .where(text("attribution_fts MATCH :fts_q").bindparams(fts_q=query))
    )
    if ordered:
        stmt = stmt.order_by(key.desc())
    return [int(i) for i in session.scalars(stmt.limit(limit))]


def _newest_statement(q: str, limit: int, *, ordered: bool) -> Select[tuple[int]]:
    """PostgreSQL: up to `limit` ids of the stored tsvectors that match `q`, newest first (`ordered`): what
    `_newest` runs and `_plan_reads_every_match` asks the planner about."""
    stmt = select(SEARCH_TABLE.c.id).where(SEARCH_TABLE.c.tsv.op("@@")(_tsquery(q)))
    return (stmt.order_by(SEARCH_TABLE.c.id.desc()) if ordered else stmt).limit(limit)


def id_among(session: Session, ids: list[int]) -> ColumnElement[bool]:
    """Attribution.id is one of `ids` (thousands of them), read from them: one array (PostgreSQL) or JSON
    (SQLite) parameter rather than a parameter per id, which costs more to bind than the query costs to run;
    a subquery, so that the planner starts from the ids (as `= ANY`, PostgreSQL walks a sort order instead)."""
    if dialect_name(session) == "postgresql":
        return Attribution.id.in_(select(func.unnest(bindparam("matched_ids", ids, type_=ARRAY(Integer)))))
    listed = select(literal_column("value")).select_from(func.json_each(bindparam("matched_ids", json.dumps(ids))))
    return Attribution.id.in_(listed)
