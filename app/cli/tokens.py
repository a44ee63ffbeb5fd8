"""`claimbase token create|list|revoke`: API tokens for editors and admins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from app.cli.common import DEFAULT_DATABASE_URL, DatabaseUrl, database, fail, guarded, require_schema, session_for
from app.models import ApiToken, TokenRole
from app.store.tokens import any_active_token, create_token, revoke_token

token = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


@token.command("create")
@guarded
def create_command(
    name: Annotated[str, typer.Option(help="Who or what the token is for.")],
    role: Annotated[
        TokenRole,
        typer.Option(
            help="reader: read a private instance; editor: also add articles, review, correct and code "
            "attributions, edit speakers; admin: also delete articles and attributions, merge and unmerge speakers."
        ),
    ],
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Create a token and print its secret (shown this once; only its hash is stored)."""
    if not name.strip():
        fail("--name is empty")
    if len(name) > 200:
        fail("--name is longer than 200 characters")
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            new = create_token(session, name.strip(), role)
            token_id = new.token.id
    typer.echo(f"token {token_id} ({role.value}) for {name.strip()!r}; its secret, shown only this once:", err=True)
    typer.echo(new.secret)


@token.command("list")
@guarded
def list_command(
    all_: Annotated[bool, typer.Option("--all", help="Include revoked tokens.")] = False,
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """List tokens (never their secrets)."""
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            stmt = select(ApiToken).order_by(ApiToken.id)
            if not all_:
                stmt = stmt.where(ApiToken.revoked_at.is_(None))
            rows = list(session.scalars(stmt))
    if not rows:
        typer.echo("no tokens" if all_ else "no active tokens (--all shows revoked ones)")
        return
    header = ["id", "name", "role", "starts with", "created", "last used", "revoked"]
    lines = [
        [str(t.id), t.name, t.role.value, t.prefix, _when(t.created_at), _when(t.last_used_at), _when(t.revoked_at)]
        for t in rows
    ]
    console = Console(highlight=False)
    if not console.is_terminal:
        # Scripts get tab-separated lines that no terminal width can wrap.
        for line in [header, *lines]:
            typer.echo("\t".join(line))
        return
    table = Table(*header, box=None)
    for line in lines:
        table.add_row(*line, end_section=False)
    console.print(table, markup=False)


@token.command("revoke")
@guarded
def revoke_command(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (see `claimbase token list`).")],
    database_url: DatabaseUrl = DEFAULT_DATABASE_URL,
) -> None:
    """Revoke a token: requests bearing it are refused from now on."""
    with database(database_url) as engine:
        require_schema(engine)
        with session_for(engine) as session:
            found = session.get(ApiToken, token_id)
            if found is None:
                fail(f"no token with id {token_id}")
            if found.revoked_at is not None:
                typer.echo(f"token {token_id} was already revoked on {_when(found.revoked_at)}")
                return
            revoke_token(session, token_id)
            remaining = any_active_token(session)
    typer.echo(f"token {token_id} revoked")
    if not remaining:
        typer.echo("no active tokens remain: writes are refused until a token is created", err=True)
