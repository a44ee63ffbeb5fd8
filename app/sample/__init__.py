"""A small FICTIONAL sample corpus with hand annotations, shipped as package data.

Every article, person, organization and outlet in it is invented (see README.md in this folder);
it exists to demonstrate claimbase and to test the extractor against known attributions.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

ARTICLES_FILE = "articles.jsonl"
ANNOTATIONS_DIR = "annotations"


def sample_articles() -> list[dict[str, Any]]:
    """The sample articles in file order, each {"doc_id", "text", "title", "outlet", "outlet_kind",
    "url", "published_at" (ISO string), "authors"}."""
    raw = resources.files(__package__).joinpath(ARTICLES_FILE).read_text(encoding="utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def sample_annotations() -> dict[str, dict[str, Any]]:
    """Hand annotations by doc_id, each {"doc_id", "attributions": [...]} in the gold format."""
    folder = resources.files(__package__).joinpath(ANNOTATIONS_DIR)
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            found[data["doc_id"]] = data
    return found
