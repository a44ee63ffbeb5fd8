"""`claimbase serve` (your database, never touched but for migrations) and `claimbase demo` (the sample's own)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, echo_err, fail, guarded, session_for
from app.cli.ingest import DEFAULT_WORKERS, load_sample, note_sample_mix
from app.hosts import is_loopback
from app.ingest.pipeline import extractor_available
from app.migrations_support import upgrade
from app.store.sample_corpus import corpus_mix, sample_hashes

APP_FACTORY = "app.api.main:create_app"
# On SIGTERM (or Ctrl-C) requests get this many seconds to finish, then are cancelled and the server stops.
# A request still extracting has written nothing: extraction runs before its write transaction.
GRACEFUL_SHUTDOWN_SECONDS = 3
DEMO_DATABASE_URL = "sqlite:///./claimbase-demo.db"

Host = Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")]
Port = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]
OpenWrites = Annotated[
    bool,
    typer.Option(
        "--open",
        envvar="CLAIMBASE_OPEN_WRITES",
        help="Let requests from this machine write without a token (loopback hosts only).",
    ),
]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        envvar="CLAIMBASE_SERVE_WORKERS",
        help="Server processes answering requests (one per CPU core uses them all; each holds its own "
        "database connections).",
    ),
]
DemoDatabaseUrl = Annotated[
    str,
    typer.Option(
        "--database-url",
        envvar="CLAIMBASE_DEMO_DATABASE_URL",
        help="Database of the demo (never your own: the sample is kept apart from your articles).",
        show_default=True,
    ),
]


def prepare_database(database_url: str) -> None:
    """Bring the schema up to date; say so when it is empty or an older claimbase mixed the sample in."""
    with database(database_url) as engine:
        upgrade(engine)
        note_sample_mix(engine)
        with session_for(engine) as session:
            empty = not corpus_mix(session).own
    if empty:
        echo_err(
            "no articles of your own yet: add them with `claimbase ingest PATH` or on the Add articles page "
            "(`claimbase demo` shows the fictional sample in a database of its own)"
        )


def prepare_demo(database_url: str, workers: int = DEFAULT_WORKERS) -> None:
    """The demo database: migrated, holding the sample corpus and nothing else."""
    with database(database_url) as engine:
        upgrade(engine)
        with session_for(engine) as session:
            mix = corpus_mix(session)
        if mix.own:
            fail(
                f"--database-url: {database_url} holds {mix.own} articles that are not the sample's; "
                "the demo needs a database of its own"
            )
        if mix.sample == len(sample_hashes()):
            return  # loaded before (a load stopped half-way is completed: the rest are new, the first duplicates)
        missing = extractor_available()
        if missing is not None:
            echo_err(f"loading the sample without extraction: the extractor is not available ({missing})")
        stats = load_sample(engine, extract=missing is None, workers=workers)
        echo_err(f"sample corpus loaded into {database_url}: {stats.summary()}")


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


def _check_open(open_writes: bool, host: str) -> None:
    if open_writes and not is_loopback(host):
        fail(
            f"--open (or CLAIMBASE_OPEN_WRITES=1) lets anyone who reaches the server write, so it is allowed "
            f"only on a loopback host (127.0.0.1, ::1, localhost), not {host!r}; create API tokens "
            "(`claimbase token create`) and serve without --open"
        )


def _run(database_url: str, host: str, port: int, open_writes: bool, demo: bool, workers: int = 1) -> None:
    import uvicorn

    from app.config import get_settings

    # The app factory reads its settings from the environment, in this process and in any reloader.
    os.environ["CLAIMBASE_DATABASE_URL"] = database_url
    os.environ["CLAIMBASE_OPEN_WRITES"] = "1" if open_writes else "0"
    os.environ["CLAIMBASE_DEMO"] = "1" if demo else "0"
    _serve_bound_host(host)
    get_settings.cache_clear()
    if not open_writes:
        echo_err("writes need an API token (`claimbase token create`); --open allows them from this machine")
    # With workers > 1 uvicorn supervises that many processes, each importing the app factory anew (they
    # inherit the settings above through the environment) and all accepting on the one socket.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )


@guarded
def serve(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    open_writes: OpenWrites = False,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
    workers: Workers = 1,
) -> None:
    """Serve the REST API and the web interface on your database (writes need an API token unless --open).

    The fictional sample is never loaded into it: `claimbase demo` serves the sample from a database of its own.
    """
    _check_open(open_writes, host)
    prepare_database(database_url)
    _run(database_url, host, port, open_writes, demo=False, workers=workers)


@guarded
def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    open_writes: OpenWrites = False,
    database_url: DemoDatabaseUrl = DEMO_DATABASE_URL,
) -> None:
    """Serve the fictional sample corpus from a demo database of its own (./claimbase-demo.db)."""
    _check_open(open_writes, host)
    prepare_demo(database_url)
    echo_err("demo: fictional sample articles only; your own articles go into ./claimbase.db (`claimbase serve`)")
    _run(database_url, host, port, open_writes, demo=True)
