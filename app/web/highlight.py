"""The article text as flat, escaped segments with every attribution marked in place.

Built on the server in one pass so a long article is one string of HTML, not thousands of DOM
operations. Segments never nest: each carries `data-s`, its start offset in the stored text, so the
page can turn a text selection back into exact offsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from app.models import Status

PALETTE_SIZE = 8
# The shared neutral tint (class sp8): statements with no speaker, and speakers past the palette.
NEUTRAL = PALETTE_SIZE
# What each span kind looks like is in style.css; the title says it in words for pointer users.
SPAN_KINDS = {
    "speaker_mention": ("mention", "speaker mention"),
    "cue": ("cue", "cue"),
    "anonymity_reason": ("why", "reason for anonymity"),
}
REGION_TITLES = {
    "repeat": "repeated paragraph",
    "furniture": "page furniture",
    "headline": "headline",
    "byline": "byline",
    "dateline": "dateline",
}


@dataclass(eq=False)
class Marked:
    """One attribution as the page shows it: its number and its speaker's colour."""

    item: dict[str, Any]
    number: int
    colour: int


def number_items(items: list[dict[str, Any]]) -> list[Marked]:
    """Number attributions in text order; one colour per speaker, never per statement.

    The most-quoted speakers get the palette's distinct tints (ties in order of first appearance); any
    further speaker, and every statement with no speaker, share the neutral tint, so no two speakers ever
    wear the same colour.
    """
    counts: dict[Any, int] = {}
    for item in items:
        who = item["speaker"]["id"] if item["speaker"] else None
        counts[who] = counts.get(who, 0) + 1
    ranked = sorted((w for w in counts if w is not None), key=lambda w: -counts[w])  # stable: first seen first
    colours = {w: n for n, w in enumerate(ranked[:PALETTE_SIZE])}
    return [
        Marked(
            item=item,
            number=n,
            colour=colours.get(item["speaker"]["id"] if item["speaker"] else None, NEUTRAL),
        )
        for n, item in enumerate(items, start=1)
    ]


def _events(marked: list[Marked], regions: list[dict[str, Any]]) -> dict[int, list[tuple[str, Any, int]]]:
    events: dict[int, list[tuple[str, Any, int]]] = defaultdict(list)

    def add(kind: str, key: Any, start: int, end: int) -> None:
        if end > start:
            events[start].append((kind, key, 1))
            events[end].append((kind, key, -1))

    for m in marked:
        item = m.item
        if item["status"] == Status.rejected:
            continue
        add("content", m, item["content"]["start"], item["content"]["end"])
        for field, (cls, _) in SPAN_KINDS.items():
            span = item.get(field)
            if span:
                add(cls, m, span["start"], span["end"])
        via = item.get("via") or {}
        if via.get("mention"):
            add("relay", m, via["mention"]["start"], via["mention"]["end"])
    for r in regions:
        kind = r["kind"].value if hasattr(r["kind"], "value") else str(r["kind"])
        add("region", kind, r["start"], r["end"])
    return events


def _open(start: int, active: dict[str, list[Any]], first: Marked | None) -> str:
    classes: list[str] = []
    titles: list[str] = []
    contents: list[Marked] = active["content"]
    attrs = [f'data-s="{start}"']
    if contents:
        inner = contents[-1]
        classes += ["c", f"sp{inner.colour}"]
        if len(contents) > 1:
            classes.append("multi")
        if any(m.item["status"] == Status.suggested for m in contents):
            classes.append("sug")
        attrs.append('data-a="' + " ".join(str(m.item["id"]) for m in contents) + '"')
        titles.append("said by " + ", ".join(f"[{m.number}]" for m in contents))
    for cls, label in [*SPAN_KINDS.values(), ("relay", "relayed through")]:
        if active[cls]:
            classes.append(cls)
            titles.append(label)
    for kind in dict.fromkeys(active["region"]):
        classes.append(f"rg-{kind}")
        titles.append(REGION_TITLES.get(kind, kind))
    if first is not None:
        classes.append("start")
        attrs.append(f'id="a{first.item["id"]}" data-n="{first.number}"')
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if titles:
        attrs.append(f'title="{escape("; ".join(titles))}"')
    return "<span " + " ".join(attrs) + ">"


def render_text(text: str, marked: list[Marked], regions: list[dict[str, Any]]) -> Markup:
    """The whole text as escaped `<span data-s>` segments, split wherever any mark begins or ends."""
    events = _events(marked, regions)
    starts = {m.item["content"]["start"]: m for m in reversed(marked) if m.item["status"] != Status.rejected}
    cuts = sorted({0, len(text), *(p for p in events if 0 <= p <= len(text))})
    active: dict[str, list[Any]] = defaultdict(list)
    out: list[str] = []
    for i, pos in enumerate(cuts[:-1]):
        for kind, key, delta in sorted(events.get(pos, []), key=lambda e: e[2]):
            if delta > 0:
                active[kind].append(key)
            elif key in active[kind]:
                active[kind].remove(key)
        piece = text[pos : cuts[i + 1]]
        if not piece:
            continue
        out.append(_open(pos, active, starts.get(pos)))
        out.append(str(escape(piece)).replace("\r", "&#13;"))
        out.append("</span>")
    return Markup("".join(out))
