"""`claimbase serve`: migrate, load the sample into an empty database, then run the web app."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, echo_err, fail, guarded
from app.cli.ingest import DEFAULT_WORKERS, database_is_empty, load_sample
from app.hosts import is_loopback
from app.ingest.pipeline import extractor_available
from app.migrations_support import upgrade

APP_FACTORY = "app.api.main:create_app"
# On SIGTERM (or Ctrl-C) requests get this many seconds to finish, then are cancelled and the server stops.
# A request still extracting has written nothing: extraction runs before its write transaction.
GRACEFUL_SHUTDOWN_SECONDS = 3


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


WILDCARDS = ("0.0.0.0", "::", "")


def _serve_bound_host(host: str) -> None:
    """The host the server is bound to is one it answers for (loopback ones always are); a wildcard names
    none, so say which are."""
    allowed = [h.strip() for h in os.environ.get("CLAIMBASE_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if host.strip() in WILDCARDS:
        if not allowed:
            echo_err(
                "answering only requests addressed to localhost, 127.0.0.1 or ::1: set CLAIMBASE_ALLOWED_HOSTS "
                "to the names and addresses others reach this machine by (comma-separated)"
            )
        return
    if host not in allowed and not is_loopback(host):
        os.environ["CLAIMBASE_ALLOWED_HOSTS"] = ",".join([*allowed, host])


@guarded
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    no_sample: Annotated[
        bool, typer.Option("--no-sample", help="Do not load the sample corpus into an empty database.")
    ] = False,
    open_writes: Annotated[
        bool,
        typer.Option(
            "--open",
            envvar="CLAIMBASE_OPEN_WRITES",
            help="Let requests from this machine write without a token (loopback hosts only).",
        ),
    ] = False,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Serve the REST API and the web interface (writes need an API token unless --open)."""
    import uvicorn

    from app.config import get_settings

    if open_writes and not is_loopback(host):
        fail(
            f"--open (or CLAIMBASE_OPEN_WRITES=1) lets anyone who reaches the server write, so it is allowed "
            f"only on a loopback host (127.0.0.1, ::1, localhost), not {host!r}; create API tokens "
            "(`claimbase token create`) and serve without --open"
        )
    prepare_database(database_url, sample=not no_sample)
    # The app factory reads its settings from the environment, in this process and in any reloader.
    os.environ["CLAIMBASE_DATABASE_URL"] = database_url
    os.environ["CLAIMBASE_OPEN_WRITES"] = "1" if open_writes else "0"
    _serve_bound_host(host)
    get_settings.cache_clear()
    if not open_writes:
        echo_err("writes need an API token (`claimbase token create`); --open allows them from this machine")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS)
