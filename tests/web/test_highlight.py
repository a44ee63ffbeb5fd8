"""The highlighted article text: flat segments, marks for every span kind, overlaps and regions."""

from __future__ import annotations

import html
import re
from typing import Any

from app.models import Status
from app.web.highlight import NEUTRAL, PALETTE_SIZE, number_items, render_text

SEGMENT = re.compile(r'<span data-s="(\d+)"(?:[^>]*class="([^"]*)")?[^>]*>(.*?)</span>', re.S)
TEXT = "Head\n\nThe mayor said that aides said the road is shut. Ad: buy now.\n"


def _item(i: int, content: str, speaker: int, status: Status = Status.confirmed, **spans: str) -> dict[str, Any]:
    def at(piece: str) -> dict[str, Any]:
        start = TEXT.index(piece)
        return {"text": piece, "start": start, "end": start + len(piece)}

    out: dict[str, Any] = {
        "id": i,
        "speaker": {"id": speaker, "name": f"s{speaker}"},
        "content": at(content),
        "status": status,
        "cue": None,
        "speaker_mention": None,
        "anonymity_reason": None,
        "via": None,
    }
    out.update({k: at(v) for k, v in spans.items()})
    return out


def _segments(markup: str) -> list[tuple[int, str, str]]:
    return [(int(s), cls, html.unescape(body)) for s, cls, body in SEGMENT.findall(markup)]


def test_nested_statements_regions_and_span_kinds() -> None:
    outer = _item(1, "that aides said the road is shut", 10, cue="said", speaker_mention="The mayor")
    inner = _item(2, "the road is shut", 20, Status.suggested, cue="aides said")
    rejected = _item(3, "buy now", 30, Status.rejected)
    marked = number_items([outer, inner, rejected])
    assert [m.colour for m in marked] == [0, 1, 2]
    regions = [
        {"kind": "headline", "start": 0, "end": 4},
        {"kind": "furniture", "start": TEXT.index("Ad:"), "end": TEXT.index("now.") + 4},
    ]
    markup = str(render_text(TEXT, marked, regions))
    segs = _segments(markup)
    assert "".join(body for _, _, body in segs) == TEXT
    by_text = {body: cls.split() for _, cls, body in segs}
    assert "rg-headline" in by_text["Head"]
    assert "mention" in by_text["The mayor"]
    assert {"c", "sp1", "multi", "sug", "start"} <= set(by_text["the road is shut"])
    assert by_text["Ad: buy now."] == ["rg-furniture"]  # a rejected statement is not highlighted
    assert 'id="a1" data-n="1"' in markup and 'id="a2" data-n="2"' in markup and 'id="a3"' not in markup
    assert 'data-a="1 2"' in markup


def test_text_is_escaped_and_carriage_returns_survive() -> None:
    text = "<b>x</b>\r\n&"
    markup = str(render_text(text, [], []))
    assert markup == '<span data-s="0">&lt;b&gt;x&lt;/b&gt;&#13;\n&amp;</span>'


def test_one_colour_per_speaker_never_per_statement() -> None:
    piece = "the road is shut"
    # Speaker 7 says three things, speaker 3 two, nine others one each; two statements have no speaker.
    speakers = [3, 7, 7, None, 3, 7, *range(20, 29), None]
    items = [_item(n, piece, s if s is not None else 0) for n, s in enumerate(speakers, start=1)]
    for item, s in zip(items, speakers, strict=True):
        if s is None:
            item["speaker"] = None
    marked = number_items(items)
    colour = {m.item["id"]: m.colour for m in marked}
    by_speaker: dict[Any, set[int]] = {}
    for m in marked:
        by_speaker.setdefault(m.item["speaker"]["id"] if m.item["speaker"] else None, set()).add(m.colour)
    assert all(len(c) == 1 for c in by_speaker.values()), by_speaker
    # The most quoted get the first tints; no speaker and speakers past the palette share the neutral one.
    assert by_speaker[7] == {0} and by_speaker[3] == {1}
    assert by_speaker[None] == {NEUTRAL}
    distinct = [c.pop() for w, c in by_speaker.items() if w is not None]
    tinted = [c for c in distinct if c != NEUTRAL]
    assert len(tinted) == len(set(tinted)) == PALETTE_SIZE
    assert distinct.count(NEUTRAL) == len(by_speaker) - 1 - PALETTE_SIZE
    assert [m.number for m in marked] == list(range(1, len(items) + 1)) and colour[1] == 1
