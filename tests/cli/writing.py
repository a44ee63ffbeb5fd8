"""Small invented articles and annotations written into a test's folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HARBOR = (
    "Harbor Council Delays Vote on Ferry Fares\n"
    "\n"
    "By Mira Castellane\n"
    "\n"
    "LOWELL BAY — The harbor council postponed its vote on ferry fares until next month, its chair said on Monday.\n"
    "\n"
    '"We need more time to read the public comments," said Odile Fenwright, who chairs the council.\n'
    "\n"
    "Dock workers said the delay would cost them a season of planning.\n"
)

ORCHARD = (
    "Orchard Growers Report Early Frost Losses\n"
    "\n"
    "By Teodor Halvik\n"
    "\n"
    "Apple growers in the northern valleys lost about a third of their blossoms to a late frost, "
    "the growers' cooperative said in a statement on Friday.\n"
    "\n"
    "A spokesman for the regional farm office, who was not authorized to speak publicly, "
    "said emergency loans were being considered.\n"
)


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text.replace("\n", newline))
    return path


def span(text: str, piece: str, after: int = 0) -> dict[str, Any]:
    start = text.index(piece, after)
    return {"text": piece, "start": start, "end": start + len(piece)}


def harbor_gold(doc_id: str, text: str) -> dict[str, Any]:
    """Two attributions of the harbor text, with offsets into `text` as stored."""
    return {
        "doc_id": doc_id,
        "attributions": [
            {
                "source": span(text, "Odile Fenwright"),
                "cue": span(text, "said", text.index("comments")),
                "content": span(text, "We need more time to read the public comments,"),
                "entity": "Odile Fenwright",
                "source_kind": "person",
                "quote_type": "direct",
            },
            {
                "source": span(text, "Dock workers"),
                "cue": span(text, "said", text.index("Dock workers")),
                "content": span(text, "the delay would cost them a season of planning"),
                "entity": "dock workers",
                "source_kind": "anonymous",
                "anonymous": True,
            },
        ],
    }


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Library Opens Night Reading Room | The Gull Gazette</title>
<meta property="og:site_name" content="The Gull Gazette">
<meta property="og:title" content="Library Opens Night Reading Room">
<meta name="author" content="Priya Orland">
<meta property="article:published_time" content="2024-03-05T10:00:00+00:00">
</head>
<body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article>
<h1>Library Opens Night Reading Room</h1>
<p>The central library will keep its reading room open until midnight on weekdays starting next month,
the city's culture office announced on Tuesday after a year of requests from students.</p>
<p>"Students told us again and again that they had nowhere quiet to work in the evening," said Hana Brolin,
the head librarian, adding that two extra staff members would be hired for the late shifts.</p>
<p>The council member who chairs the budget committee said the cost would be covered by savings elsewhere
in the culture budget and would not raise any fees for residents.</p>
</article>
<footer>Copyright The Gull Gazette</footer>
</body>
</html>
"""
