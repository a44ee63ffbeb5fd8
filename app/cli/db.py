"""`claimbase db upgrade|downgrade|current`: the schema migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from alembic.util import CommandError
from sqlalchemy import Engine

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, fail, guarded, require_schema, session_for
from app.db import refresh_statistics
from app.migrations_support import current_revision, downgrade, head_revision, upgrade
from app.store.search_index import rebuild_search_index
from app.store.tally import rebuild_tallies

db = typer.Typer(help="Create and migrate the database schema.", no_args_is_help=True)


def _describe(revision: str | None) -> str:
    if revision is None:
        return "none (empty database)"
    return f"{revision} (head)" if revision == head_revision() else revision


@db.command("upgrade")
@guarded
def upgrade_command(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Migrate the database up to REVISION (default: the latest)."""
    _migrate(upgrade, revision, database_url)


@db.command("downgrade")
@guarded
def downgrade_command(
    revision: Annotated[str, typer.Argument(help="Target revision; `base` removes every table.")],
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Migrate the database down to REVISION (this drops what later revisions added, data included)."""
    _migrate(downgrade, revision, database_url)


def _migrate(step: Callable[[Engine, str], None], revision: str, database_url: str) -> None:
    with database(database_url) as engine:
        try:
            step(engine, revision)
        except CommandError as exc:
            fail(str(exc))
        typer.echo(f"database at revision {_describe(current_revision(engine))}")


@db.command("current")
@guarded
def current_command(database_url: DatabaseUrl = DEFAULT_DATABASE_URL) -> None:
    """Print the database's schema revision."""
    with database(database_url) as engine:
        current = current_revision(engine)
        typer.echo(_describe(current))
        if current is not None and current != head_revision():
            typer.echo(f"the latest revision is {head_revision()}; run `claimbase db upgrade`", err=True)


@db.command("tally")
@guarded
def tally_command(database_url: DatabaseUrl = DEFAULT_DATABASE_URL) -> None:
    """Rebuild the counts that facets and statistics read, and the full-text index (after a load that bypassed
    the triggers)."""
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            tallied, by_speaker = rebuild_tallies(session)
            indexed = rebuild_search_index(session)
        refresh_statistics(engine, reclaim=True)  # the planner sees the new sizes; no replaced rows are read
        typer.echo(f"tallies rebuilt: {tallied:,} combinations, {by_speaker:,} by speaker")
        typer.echo(f"full-text index rebuilt: {indexed:,} attributions")
