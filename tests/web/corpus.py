"""Small invented articles, coded by hand through the REST API (extract=false), for the page tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.api.builders import span

RESERVOIR = (
    "Reservoir Levels Fall Again\n\n"
    "DRYTON — Water in the Kell reservoir dropped for a third week, the utility said on Tuesday.\n\n"
    "“We are asking every household to cut use by a fifth,” said Oona Prewitt, the utility’s director.\n\n"
    "A hydrologist, who spoke on condition of anonymity because she was not allowed to talk to the press, "
    "said the pumps had failed twice in April.\n\n"
    "Prewitt denied that the pumps had failed.\n\n"
    "Residents at a meeting on Monday complained that the restrictions came too late.\n"
)
RELAY = (
    "Utility Urges Cuts\n\n"
    "The utility wants households to use less water, the Valley Courier reported, citing its director, who "
    "said “We are asking every household to cut use by a fifth.”\n\n"
    "O. Prewitt, speaking to reporters later, said supplies might last until the autumn rains.\n"
)
HOSTILE = (
    "<script>window.__pwned = 1; alert('pwned')</script>\n\n"
    'A spokesman said <b>nothing</b> would change & that <img src=x onerror="window.__pwned=2"> was fine.\n'
)


@dataclass
class Seeded:
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    attributions: dict[str, dict[str, Any]] = field(default_factory=dict)


def _post(api: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post(path, json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


def _nearest(text: str, piece: str, anchor: tuple[int, int]) -> dict[str, int]:
    """The occurrence of `piece` closest to the content: "said" is everywhere in a news text."""
    starts = [i for i in range(len(text)) if text.startswith(piece, i)]
    assert starts, piece
    content_start, content_end = anchor

    def gap(i: int) -> int:
        return max(content_start - (i + len(piece)), i - content_end, 0)

    start = min(starts, key=gap)
    return {"start": start, "end": start + len(piece)}


def _code(api: Any, article: dict[str, Any], content: str, **fields: Any) -> dict[str, Any]:
    text = article["text"]
    body: dict[str, Any] = {"article_id": article["id"], "content": span(text, content)}
    for name in ("cue", "speaker_mention", "anonymity_reason", "via"):
        if name in fields:
            body[name] = _nearest(text, fields.pop(name), (body["content"]["start"], body["content"]["end"]))
    body.update(fields)
    return _post(api, "/api/attributions", body)


def seed(api: Any) -> Seeded:
    s = Seeded()
    a = _post(
        api,
        "/api/articles",
        {
            "text": RESERVOIR,
            "extract": False,
            "outlet": "Valley Courier",
            "published_at": "2024-05-02T08:00:00",
            "authors": ["Ines Marlow"],
        },
    )
    b = _post(
        api,
        "/api/articles",
        {"text": RELAY, "extract": False, "outlet": "Plains Wire", "published_at": "2024-06-03T09:00:00"},
    )
    s.articles.update(reservoir=a, relay=b)
    at = s.attributions
    at["household"] = _code(
        api,
        a,
        "We are asking every household to cut use by a fifth",
        cue="said",
        speaker_mention="Oona Prewitt",
        speaker_name="Oona Prewitt",
        speaker_kind="person",
        quote_type="direct",
    )
    at["pumps"] = _code(
        api,
        a,
        "the pumps had failed twice in April",
        cue="said",
        speaker_mention="A hydrologist",
        anonymity_reason="she was not allowed to talk to the press",
        speaker_name="a hydrologist",
        speaker_kind="anonymous",
        quote_type="indirect",
        status="suggested",
    )
    at["denial"] = _code(
        api,
        a,
        "that the pumps had failed",
        cue="denied",
        speaker_id=at["household"]["speaker"]["id"],
        stance="denies",
        status="suggested",
    )
    at["courier"] = _code(
        api,
        b,
        "The utility wants households to use less water",
        cue="reported",
        speaker_mention="the Valley Courier",
        speaker_name="Valley Courier",
        speaker_kind="outlet",
    )
    at["relayed"] = _code(
        api,
        b,
        "We are asking every household to cut use by a fifth",
        cue="said",
        speaker_mention="its director",
        speaker_id=at["household"]["speaker"]["id"],
        quote_type="direct",
        via="the Valley Courier",
        via_speaker_id=at["courier"]["speaker"]["id"],
        parent_id=at["courier"]["id"],
    )
    at["autumn"] = _code(
        api,
        b,
        "supplies might last until the autumn rains",
        cue="said",
        speaker_mention="O. Prewitt",
        speaker_name="O. Prewitt",
        speaker_kind="person",
        stance="hedged",
        status="suggested",
    )
    return s


def add_hostile(api: Any) -> dict[str, Any]:
    article = _post(
        api,
        "/api/articles",
        {
            "text": HOSTILE,
            "extract": False,
            "title": '<img src=x onerror="window.__pwned=3">Headline <i>x</i>',
            "outlet": "<b>Bold</b> Outlet",
            "published_at": "2024-07-01T00:00:00",
        },
    )
    item = _code(
        article=article,
        api=api,
        content="<b>nothing</b> would change",
        cue="said",
        speaker_name="<script>window.__pwned=4</script>Spokesman",
        speaker_kind="person",
    )
    return {"article": article, "attribution": item}
