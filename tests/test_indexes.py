"""Every lookup the API makes is served by an index, on both databases.

The test sends the API's read requests, each with the filters a researcher narrows a list by, records every
SQL statement they run, and asks the database for each one's plan: SQLite's EXPLAIN QUERY PLAN must not
read a table whole (`SCAN table` without an index), PostgreSQL's EXPLAIN with enable_seqscan=off must
hold no Seq Scan and no index walked whole to filter it. A few reads are whole-table by nature and are
named in WHOLE_TABLE_READS with the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import Session

from tests.api.conftest import make_client

TEXT = (
    "Harbour Vote\n\n"
    "“The pumps failed twice this winter,” said Ana Brel, the harbour engineer, on Tuesday.\n\n"
    "The mayor, Tomas Vell, said that the repairs would cost more than planned.\n"
)

# Reads that visit every row they may return by nature, not lookups: (substring of the request, why).
WHOLE_TABLE_READS = [
    ("/api/articles?q=", "an article search is a case-insensitive substring of title and text: no index serves it"),
    ("speaker_name=", "a speaker name is a case-insensitive substring of every name and alias: no index serves it"),
    ("/api/speakers?q=", "the same substring search of speakers' names and aliases"),
    ("/api/stats/sourcing?", "grouped counts over every attribution a filter keeps, not a lookup of a few rows"),
]

# Statements that walk an index in its order on purpose, stopping at their LIMIT: (marker, why).
WALKED_ORDERS = [
    (
        "ORDER BY attribution_search.id DESC",
        "a search's newest matches: ids walked newest first, each stored tsvector tested, until the bound;"
        " for a rare word the planner reads its GIN index instead",
    ),
]


def _requests(ids: dict[str, int]) -> list[str]:
    a, s, t, c = ids["article"], ids["speaker"], ids["attribution"], ids["claim"]
    lists = "/api/attributions", "/api/review", "/api/stats/sourcing", "/api/export/attributions"
    filters = [
        f"speaker={s}",
        "speaker_name=Ana",
        f"article={a}",
        f"claim={c}",
        "outlet=Harbour%20Post",
        "speaker_kind=person",
        "anonymous=true",
        "quote_type=direct",
        "stance=denies",
        f"via={s}",
        "status=confirmed",
        "kind=belief",
        "min_confidence=0.9",
        "q=pumps",
        "published_from=2024-01-01",
    ]
    return [
        f"/api/articles/{a}",
        "/api/articles?limit=5",
        "/api/articles?q=pumps",
        "/api/articles?outlet=Harbour%20Post",
        "/api/articles?published_from=2024-01-01&published_to=2024-12-31",
        f"/api/speakers/{s}",
        "/api/speakers?q=Ana",
        "/api/speakers?kind=person",
        f"/api/speakers?article={a}",
        "/api/speakers?sort=name",
        f"/api/attributions/{t}",
        f"/api/attributions/{t}/history",
        *(f"{path}?{f}" for path in lists for f in filters if not (path == "/api/review" and f.startswith("status"))),
        f"/api/export/annotations?article={a}",
        "/api/claims?q=pumps",
        f"/api/claims?speaker={s}",
        "/api/claims?has_variants=true",
        "/api/claims?contradicted=true",
        f"/api/claims/{c}",
        f"/api/clusters/{ids['cluster']}",
        "/api/export/claims?has_variants=true",
        f"/api/changes?entity_type=attribution&entity_id={t}",
        "/api/changes?actor=local",
        "/api/changes?entity_type=speaker",
    ]


@contextmanager
def recorded(connection: Connection) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def _is_lookup(statement: str) -> bool:
    s = statement.lstrip().upper()
    return s.startswith(("SELECT", "WITH", "UPDATE", "DELETE")) and re.search(r"\bWHERE\b", s) is not None


def full_scans(connection: Connection, statement: str, parameters: Any) -> list[str]:
    """The tables (or indexes walked whole to filter them) the statement's plan reads in full."""
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
        # "SCAN attribution" reads the table; "SCAN x USING INDEX" walks an index in order (a page's sort),
        # "SEARCH ..." seeks; "SCAN anon_1" reads a subquery's result, whose own plan lines are checked.
        tables = set(inspect(connection).get_table_names())
        return [row[-1] for row in plan if (m := re.fullmatch(r"SCAN (\w+)", row[-1])) and m.group(1) in tables]
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    raw = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        kind = node.get("Node Type", "")
        if kind == "Seq Scan":
            found.append(f"Seq Scan on {node.get('Relation Name')}")
        elif kind in ("Index Scan", "Index Only Scan") and "Filter" in node and "Index Cond" not in node:
            found.append(f"{kind} using {node.get('Index Name')} filtered by {node['Filter']}")
        for child in node.get("Plans", []):
            walk(child)

    walk((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"])
    return found


def _seed(client: Any) -> dict[str, int]:
    article = client.post("/api/articles", json={"text": TEXT, "outlet": "Harbour Post"}).json()
    att = article["attributions"][0]
    client.patch(f"/api/attributions/{att['id']}", json={"stance": "denies"})
    claim = client.get(f"/api/claims/{att['claim_id']}").json()
    return {
        "article": article["id"],
        "attribution": att["id"],
        "speaker": att["speaker"]["id"],
        "claim": att["claim_id"],
        "cluster": claim["cluster_id"],
    }


def scans_of_api_lookups(session: Session) -> dict[str, list[str]]:
    """Request -> the full scans in the plans of the statements it ran (requests without any left out)."""
    out: dict[str, list[str]] = {}
    with make_client(session) as client:
        ids = _seed(client)
        connection = session.connection()
        for path in _requests(ids):
            with recorded(connection) as statements:
                r = client.get(path)
            assert r.status_code == 200, (path, r.text)
            for statement, parameters in statements:
                if not _is_lookup(statement) or any(marker in statement for marker, _ in WALKED_ORDERS):
                    continue
                with connection.begin_nested():
                    scans = full_scans(connection, statement, parameters)
                if scans:
                    out.setdefault(path, []).extend(f"{scan}  <- {statement[:300]}" for scan in scans)
    return out


def test_every_api_lookup_uses_an_index(session: Session) -> None:
    scans = scans_of_api_lookups(session)
    allowed = {path for path in scans if any(marker in path for marker, _ in WHOLE_TABLE_READS)}
    unexplained = {path: found for path, found in scans.items() if path not in allowed}
    assert not unexplained, json.dumps(unexplained, indent=1)


def test_dropping_the_change_history_index_is_noticed(session: Session) -> None:
    """The change history of one record has one index, which nothing else can stand in for."""
    session.execute(text("DROP INDEX ix_change_entity"))
    scans = scans_of_api_lookups(session)
    assert any("/history" in path for path in scans), scans
    assert any("entity_id=" in path for path in scans), scans
