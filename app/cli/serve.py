"""`claimbase serve`: migrate, load the sample into an empty database, then run the web app."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, echo_err, guarded
from app.cli.ingest import DEFAULT_WORKERS, database_is_empty, load_sample
from app.ingest.pipeline import extractor_available
from app.migrations_support import upgrade

APP_FACTORY = "app.api.main:create_app"


def prepare_database(database_url: str, sample: bool, workers: int = DEFAULT_WORKERS) -> None:
    """Bring the schema up to date and, when asked and nothing is stored yet, load the sample corpus."""
    with database(database_url) as engine:
        upgrade(engine)
        if not sample or not database_is_empty(engine):
            return
        missing = extractor_available()
        if missing is not None:
            echo_err(f"loading the sample without extraction: the extractor is not available ({missing})")
        stats = load_sample(engine, extract=missing is None, workers=workers)
        echo_err(f"sample corpus loaded: {stats.summary()}")


@guarded
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    no_sample: Annotated[
        bool, typer.Option("--no-sample", help="Do not load the sample corpus into an empty database.")
    ] = False,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Serve the REST API and the web interface."""
    import uvicorn

    from app.config import get_settings

    prepare_database(database_url, sample=not no_sample)
    # The app factory reads its settings from the environment, in this process and in any reloader.
    os.environ["CLAIMBASE_DATABASE_URL"] = database_url
    get_settings.cache_clear()
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port)
