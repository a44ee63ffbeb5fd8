"""Relay chains of a claim's reports: the outlet, the sources it relayed through, the speaker."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.queries.attributions import item_rows

MAX_DEPTH = 6


def _ancestors(session: Session, items: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Every parent attribution of these items, up to MAX_DEPTH levels, fetched a level at a time."""
    known: dict[int, dict[str, Any]] = {i["id"]: i for i in items}
    wanted = {i["parent_id"] for i in items if i["parent_id"]} - set(known)
    for _ in range(MAX_DEPTH):
        if not wanted:
            break
        rows = item_rows(session, sorted(wanted))
        known.update({r["id"]: r for r in rows})
        wanted = {r["parent_id"] for r in rows if r["parent_id"]} - set(known)
    return known


def _node(name: str | None, kind: str, speaker_id: int | None = None) -> dict[str, Any]:
    return {"name": name or "unnamed", "kind": kind, "speaker_id": speaker_id}


def relay_chains(session: Session, items: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """For each item: outlet → (each enclosing report's speaker and relay) → its own relay → its speaker."""
    known = _ancestors(session, items)
    chains: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        lineage = []
        parent_id = item["parent_id"]
        seen: set[int] = {item["id"]}
        while parent_id and parent_id in known and parent_id not in seen and len(lineage) < MAX_DEPTH:
            seen.add(parent_id)
            lineage.append(known[parent_id])
            parent_id = known[parent_id]["parent_id"]
        nodes = [_node(item["article"]["outlet"] or "unknown outlet", "outlet")]
        for step in [*reversed(lineage), item]:
            via = step.get("via")
            if via:
                nodes.append(_node(via["name"], "via", via["speaker_id"]))
            who = step["speaker"]
            nodes.append(_node(who["name"] if who else None, "speaker", who["id"] if who else None))
        deduped: list[dict[str, Any]] = []
        for n in nodes:
            if not deduped or deduped[-1]["name"].lower() != n["name"].lower():
                deduped.append(n)
        chains[item["id"]] = deduped
    return chains
