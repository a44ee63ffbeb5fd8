"""What every command shares: the --database-url option, opening the database, and one-line errors."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer
from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db import make_engine, make_sessionmaker, session_scope
from app.store.errors import InputError, NotFound

DEFAULT_DATABASE_URL = "sqlite:///./claimbase.db"

DatabaseUrl = Annotated[
    str,
    typer.Option(
        "--database-url",
        envvar="CLAIMBASE_DATABASE_URL",
        help="SQLAlchemy URL of the database (sqlite:///path.db or postgresql://user@host/db).",
        show_default=True,
    ),
]


def _confidence(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 1:  # NaN fails this too
        raise typer.BadParameter(f"{value} is not a probability; give a number from 0 to 1")
    return value


MinConfidence = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        callback=_confidence,
        help="Leave out machine suggestions the extractor is less certain of than this (0 to 1).",
        show_default=False,
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


class CliError(Exception):
    """An error the user can act on; printed as one line, exit code 1."""


def fail(message: str) -> NoReturn:
    raise CliError(message)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    if isinstance(exc, SQLAlchemyError):
        # The driver's own message, without SQLAlchemy's statement dump and documentation link.
        orig = getattr(exc, "orig", None)
        text = str(orig) if orig is not None else str(exc).split("\n(Background")[0]
        return "database error: " + " ".join(text.split())
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Turn every failure of a command into one line on stderr and exit code 1, never a traceback.

    Set CLAIMBASE_DEBUG=1 to see the traceback of an unexpected error.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`claimbase export | head`): nothing left to say to anyone.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except (
            CliError,
            CommandError,
            InputError,
            NotFound,
            ValidationError,
            SQLAlchemyError,
            OSError,
            ValueError,
        ) as exc:
            error(_one_line(exc))
        except Exception as exc:
            if os.environ.get("CLAIMBASE_DEBUG") == "1":
                raise
            error(f"unexpected {type(exc).__name__}: {_one_line(exc)} (CLAIMBASE_DEBUG=1 shows the traceback)")

    return wrapper


def error(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(1)


def open_engine(url: str) -> Engine:
    if not url.strip():
        fail("--database-url is empty")
    try:
        return make_engine(url)
    except SQLAlchemyError as exc:
        fail(f"cannot open database {url!r}: {_one_line(exc)}")
    except ValueError as exc:  # an unparseable URL
        fail(f"cannot open database {url!r}: {exc}")


@contextmanager
def database(url: str) -> Iterator[Engine]:
    engine = open_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def session_for(engine: Engine) -> Iterator[Session]:
    """A session committed when the block ends normally, rolled back otherwise."""
    with session_scope(make_sessionmaker(engine)) as session:
        yield session


def require_schema(engine: Engine) -> None:
    """Commands that only read refuse a database that was never migrated, with the fix in the message."""
    from app.migrations_support import current_revision, head_revision

    current = current_revision(engine)
    if current is None:
        fail("the database has no claimbase schema yet; run `claimbase db upgrade` first")
    if current != head_revision():
        fail(f"the database is at revision {current}, not the latest; run `claimbase db upgrade` first")


def echo_err(message: str) -> None:
    print(message, file=sys.stderr)
