"""`claimbase reextract`: run the current extractor again over stored articles, keeping people's work."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from app.cli.common import (
    DEFAULT_DATABASE_URL,
    DatabaseUrl,
    MinConfidence,
    database,
    fail,
    guarded,
    require_schema,
    session_for,
)
from app.cli.progress import progress_bar
from app.ingest.pipeline import extractor_available
from app.models import Article
from app.store.extraction import reextract


@guarded
def reextract_command(
    article: Annotated[int | None, typer.Option(help="Only this article (id).")] = None,
    min_confidence: MinConfidence = None,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Upgrade untouched suggestions to a new extraction; confirmed, edited, rejected and manual rows stay.

    A suggestion found again (same content and source spans) keeps its id; with --min-confidence, new
    suggestions less certain than that are not stored.
    """
    missing = extractor_available()
    if missing is not None:
        fail(f"the attribution extractor is not available ({missing})")
    totals = dict.fromkeys(("removed", "kept", "upgraded", "added", "left_out"), 0)
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            ids = list(session.scalars(select(Article.id).order_by(Article.id)))
        if article is not None:
            if article not in ids:
                fail(f"no article with id {article}")
            ids = [article]
        with progress_bar() as progress:
            task = progress.add_task("articles", total=len(ids))
            for article_id in ids:
                # One commit an article: an interrupted run leaves every article whole, old or new.
                with session_for(engine) as session:
                    stats = reextract(session, session.get_one(Article, article_id), min_confidence=min_confidence)
                for name in totals:
                    totals[name] += getattr(stats, name)
                progress.advance(task)
    typer.echo(
        f"articles: {len(ids)}; suggestions removed: {totals['removed']}, kept: {totals['kept']},"
        f" upgraded in place: {totals['upgraded']}, added: {totals['added']}"
        + (f", left out below --min-confidence: {totals['left_out']}" if min_confidence is not None else "")
    )
