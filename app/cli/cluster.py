"""`claimbase cluster`: group the whole corpus's claims into clusters again (ingest does it incrementally)."""

from __future__ import annotations

import typer
from sqlalchemy import func, select

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, guarded, require_schema, session_for
from app.cli.progress import progress_bar
from app.models import Article, ClaimCluster
from app.store.clusters import cluster_article, reset_clusters


@guarded
def cluster_command(database_url: DatabaseUrl = DEFAULT_DATABASE_URL) -> None:
    """Rebuild every claim cluster from scratch; clusters a researcher split or merged are kept."""
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            ids = reset_clusters(session)
        with progress_bar() as progress:
            task = progress.add_task("articles", total=len(ids))
            for article_id in ids:
                with session_for(engine) as session:
                    cluster_article(session, session.get_one(Article, article_id))
                progress.advance(task)
        with session_for(engine) as session:
            clusters = session.scalar(select(func.count()).select_from(ClaimCluster))
    typer.echo(f"articles: {len(ids)}; clusters: {clusters}")
