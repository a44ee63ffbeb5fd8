"""Attribution extraction: who asserted what, with exact character spans into the article text.

The public names are loaded on first use, so that app.text.regions (which the pipeline uses) can
import app.extraction.types without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.extraction.gold_format import to_gold_dicts
    from app.extraction.pipeline import extract

    EXTRACTOR_VERSION: str

__all__ = ["EXTRACTOR_VERSION", "extract", "to_gold_dicts"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from app.extraction.pipeline import extract

        return extract
    if name == "to_gold_dicts":
        from app.extraction.gold_format import to_gold_dicts

        return to_gold_dicts
    if name == "EXTRACTOR_VERSION":
        from app.extraction.pipeline import extractor_version

        return extractor_version()
    raise AttributeError(f"module 'app.extraction' has no attribute {name!r}")
