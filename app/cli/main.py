"""The `claimbase` command line: one Typer app, each command group in its own module."""

from __future__ import annotations

import typer

from app.cli.cluster import cluster_command
from app.cli.db import db
from app.cli.export import export
from app.cli.extract import extract
from app.cli.ingest import ingest, sample
from app.cli.reextract import reextract_command
from app.cli.serve import demo, serve
from app.cli.tokens import token

cli = typer.Typer(
    help="claimbase: a claim-and-source attribution database.",
    no_args_is_help=True,
    # Errors are reported as one line by each command; a stray traceback must not be dressed up.
    pretty_exceptions_enable=False,
)

cli.add_typer(db, name="db")
cli.command()(ingest)
cli.command()(sample)
cli.command()(export)
cli.add_typer(token, name="token")
cli.command("reextract")(reextract_command)
cli.command("cluster")(cluster_command)
cli.command()(serve)
cli.command()(demo)
cli.command("extract")(extract)
