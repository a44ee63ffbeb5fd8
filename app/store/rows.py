"""Many rows into one table in one statement (with their ids back in the order given, when wanted)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase

from app.store.widths import clip_values


def insert_ids(conn: Connection, model: type[DeclarativeBase], rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` and return their ids, in order.

    PostgreSQL: one INSERT ... SELECT from the columns' arrays (`unnest`, in the rows' order) RETURNING the ids,
    which the table's sequence hands out in that order: one round trip, and one statement text whatever the
    number of rows, which the driver prepares once (an INSERT of many VALUES is a long statement parsed anew
    each time; ids taken from the sequence first, then a COPY, are two round trips). SQLite would send each
    row alone to keep RETURNING in order; instead one executemany (`insert_rows`), and the ids read back: a
    writing transaction holds SQLite's write lock, and a new row's id is one more than the largest (no
    AUTOINCREMENT), so the rows took the last len(rows) ids, in order.
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    extra = python_defaults(table, rows[0])
    if conn.dialect.name == "postgresql":
        given = list(rows[0])
        names = [*extra, *given]
        statement = _insert_from_arrays(conn, table, names, returning=True)
        values = _converted(conn, table, names, [[*extra.values(), *(row[n] for n in given)] for row in rows])
        with _cursor(conn, statement) as cursor:
            cursor.execute(statement, _arrays(values))
            return sorted(row[0] for row in cursor.fetchall())
    insert_rows(conn, table, [{**extra, **row} for row in rows])
    last = conn.scalar(select(func.max(table.c.id)))
    assert last is not None
    return list(range(last - len(rows) + 1, last + 1))


def _insert_from_arrays(conn: Connection, table: Table, names: list[str], returning: bool) -> str:
    """PostgreSQL: insert the rows whose columns `names` are the arrays %(c0)s, %(c1)s, ... (`_arrays`);
    `returning`: in their order, returning the new ids."""
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    into = f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} FROM {_unnest(conn, table, names)}"
    if not returning:
        return f"{into} AS v({columns})"
    return f"{into} WITH ORDINALITY AS v({columns}, row_number) ORDER BY row_number RETURNING id"


# `_unnest`'s text for (dialect, table, columns): compiling the columns' types each time cost more than the rest.
_UNNESTS: dict[tuple[str, str, tuple[str, ...]], str] = {}


def _unnest(conn: Connection, table: Table, names: list[str]) -> str:
    """PostgreSQL: `unnest` of the arrays %(c0)s, %(c1)s, ... (`_arrays`), each cast to an array of its column's
    type (the columns `names`, in that order)."""
    dialect = conn.dialect
    key = (dialect.name, table.name, tuple(names))
    if key not in _UNNESTS:
        types = [table.c[n].type.compile(dialect=dialect) for n in names]
        _UNNESTS[key] = f"unnest({', '.join(f'%(c{i})s::{t}[]' for i, t in enumerate(types))})"
    return _UNNESTS[key]


def _arrays(rows: Sequence[Sequence[Any]]) -> dict[str, str | list[Any]]:
    """The parameters of `_insert_from_arrays` or `update_values`' arrays: a column's values as PostgreSQL's
    array literal (`_array_literal`), or as a list where a value is of another type (the driver adapts it)."""
    out: dict[str, str | list[Any]] = {}
    for i, column in enumerate(zip(*rows, strict=True)):
        literal = _array_literal(column)
        out[f"c{i}"] = literal if literal is not None else list(column)
    return out


def _array_literal(values: Sequence[Any]) -> str | None:
    """`{a,b,NULL}`, PostgreSQL's text form of an array, for strings, numbers, flags, dates and times without a
    zone (each string quoted, its backslashes and quotation marks escaped); None for any other type. The driver
    would adapt a list value by value in Python: the largest part of the writer's time in the driver."""
    kinds = set(map(type, values))
    if kinds <= _NUMBERS:  # most columns hold one type: joined at C speed
        return "{" + ",".join(map(repr, values)) + "}"
    if kinds == _STRINGS:
        return "{" + ",".join([_quoted(v) for v in values]) + "}"
    parts = []
    for v in values:
        if v is None:
            parts.append("NULL")
        elif isinstance(v, Enum):  # its column's conversion (`_converted`) writes it; a raw one is not guessed
            return None
        elif isinstance(v, str):
            parts.append(_quoted(v))
        elif isinstance(v, bool):
            parts.append("t" if v else "f")
        elif isinstance(v, int | float):
            parts.append(repr(v))
        elif isinstance(v, date) and not (isinstance(v, datetime) and v.tzinfo is not None):
            parts.append('"' + v.isoformat() + '"')
        else:
            return None
    return "{" + ",".join(parts) + "}"


_NUMBERS, _STRINGS = {int, float}, {str}


def _quoted(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def python_defaults(table: Table, given: Iterable[str]) -> dict[str, Any]:
    """The values of the columns left out of `given` whose defaults SQLAlchemy computes in Python: a COPY (or
    any statement sent past SQLAlchemy) knows only the server's defaults."""
    out: dict[str, Any] = {}
    given = set(given)
    for column in table.columns:
        default = column.default
        if column.name in given or column.primary_key or default is None or not hasattr(default, "arg"):
            continue
        out[column.name] = default.arg(None) if callable(default.arg) else default.arg
    return out


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (all with the same columns; no ids wanted), over-long strings cut to their columns:
    `insert_values` with each row's values in the order of the first row's columns."""
    if rows:
        names = list(rows[0])
        insert_values(conn, table, names, [[row[n] for n in names] for row in rows])


def insert_values(conn: Connection, table: Table, names: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows`, each the values of the columns `names` in that order, over-long strings cut to their
    columns' widths (`widths.clip_values`).

    Sent to the driver directly, each value through its column type's conversion: on PostgreSQL as one INSERT
    from an array a column (`_insert_from_arrays`; an executemany there is a statement a row), on SQLite as
    one executemany (without SQLAlchemy's
    per-row handling, a third of the time of a few hundred claim keys). Every column with a default computed
    in Python must be given (neither computes it): checked here.
    """
    if not rows:
        return
    unset = [c.name for c in table.columns if c.default is not None and c.name not in names]
    if unset:
        raise ValueError(f"insert_values would leave the default of {table.name}.{unset[0]} unset")
    values = _converted(conn, table, names, rows)
    if conn.dialect.name == "postgresql":
        _send(conn, _insert_from_arrays(conn, table, names, returning=False), _arrays(values))
        return
    quote = conn.dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) VALUES ({', '.join('?' * len(names))})"
    )
    with _cursor(conn, statement) as cursor:
        cursor.executemany(statement, values)


def update_values(conn: Connection, table: Table, names: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set the columns `names` of many rows found by id: each row is its id, then the values of `names` in that
    order (over-long strings cut, each value through its column type's conversion, as `insert_values` does).

    PostgreSQL: one UPDATE ... FROM unnest(...), an array a column, whatever the number of rows (an executemany
    there is a statement a row, each a few dozen microseconds of the driver's time); SQLite: one executemany.
    """
    if not rows:
        return
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    name = quote(table.name)
    values = _converted(conn, table, ["id", *names], rows)
    params: Sequence[Any]
    if dialect.name == "postgresql":
        columns = ["id", *names]
        statement = (
            f"UPDATE {name} SET {', '.join(f'{quote(n)} = v.{quote(n)}' for n in names)} "
            f"FROM {_unnest(conn, table, columns)} AS v({', '.join(quote(n) for n in columns)}) WHERE {name}.id = v.id"
        )
        params = _arrays(values)
    else:
        statement = f"UPDATE {name} SET {', '.join(f'{quote(n)} = ?' for n in names)} WHERE id = ?"
        params = [[*row[1:], row[0]] for row in values]
    if dialect.name == "postgresql":
        _send(conn, statement, params)
        return
    with _cursor(conn, statement) as cursor:
        cursor.executemany(statement, params)


# Connection.info: what `overlapping` has sent and not yet waited for (`_Sent`).
_OVERLAP = "claimbase_overlap"


@dataclass(slots=True)
class _Sent:
    pipeline: Any = None  # the driver's pipeline block (entered), while statements are out
    cursors: list[Any] = field(default_factory=list)


@contextlib.contextmanager
def overlapping(conn: Connection) -> Iterator[None]:
    """Within this block, on PostgreSQL, the rows `insert_values` and `update_values` write are sent without
    waiting for the server to write them (psycopg's pipeline mode): the server works on them while this process
    goes on to its next rows. Any other statement on the connection first waits for them (`settle`), and so
    does the block's end, so an error in them is raised inside the block (in the caller's savepoint). Elsewhere
    (SQLite, or already inside such a block) it changes nothing."""
    if conn.dialect.name != "postgresql" or _state(conn) is not None:
        yield
        return
    conn.info[_OVERLAP] = _Sent()
    try:
        yield
    except BaseException:
        _end(conn, failed=True)  # the block's own error is the one raised
        raise
    _end(conn, failed=False)


def _state(conn: Connection) -> _Sent | None:
    if conn.invalidated or conn.closed:
        return None
    return conn.info.get(_OVERLAP)


def _end(conn: Connection, failed: bool) -> None:
    try:
        settle(conn, quiet=failed)
    finally:
        if _state(conn) is not None:
            del conn.info[_OVERLAP]


def settle(conn: Connection, quiet: bool = False) -> None:
    """Wait for what `overlapping` sent; the first error among them raised as SQLAlchemy raises one (`quiet`:
    not raised, when the caller is already failing)."""
    sent = _state(conn)
    if sent is None or sent.pipeline is None:
        return
    pipeline, cursors = sent.pipeline, sent.cursors
    sent.pipeline, sent.cursors = None, []
    dialect = conn.dialect
    try:
        pipeline.__exit__(None, None, None)
    except dialect.loaded_dbapi.Error as exc:
        if not quiet:
            raise _wrapped(conn, "(statements sent without waiting)", exc, None) from exc
    finally:
        for cursor in cursors:
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                cursor.close()


def _send(conn: Connection, statement: str, params: dict[str, Any]) -> None:
    """PostgreSQL: run a statement whose result nobody reads; inside `overlapping`, without waiting for it."""
    sent = _state(conn)
    if sent is None:
        with _cursor(conn, statement) as cursor:
            cursor.execute(statement, params)
        return
    driver: Any = conn.connection.dbapi_connection
    try:
        if sent.pipeline is None:
            sent.pipeline = driver.pipeline()
            sent.pipeline.__enter__()
        cursor = driver.cursor()
        sent.cursors.append(cursor)
        cursor.execute(statement, params)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise _wrapped(conn, statement, exc, None) from exc


@event.listens_for(Engine, "before_cursor_execute")
def _settle_before_statement(conn: Connection, *args: Any) -> None:
    settle(conn)


@event.listens_for(Engine, "commit")
def _settle_before_commit(conn: Connection) -> None:
    settle(conn)


@contextlib.contextmanager
def _cursor(conn: Connection, statement: str) -> Iterator[Any]:
    """A cursor of the driver's own to run `statement` with, closed after; the driver's error raised as
    SQLAlchemy raises it (`_wrapped`)."""
    dialect = conn.dialect
    cursor = None
    settle(conn)
    try:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        yield cursor
    except dialect.loaded_dbapi.Error as exc:
        raise _wrapped(conn, statement, exc, cursor) from exc
    finally:
        if cursor is not None:
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                cursor.close()


def _converted(
    conn: Connection, table: Table, names: list[str], rows: Sequence[Sequence[Any]]
) -> Sequence[Sequence[Any]]:
    """The rows' values (of the columns `names`, in that order) as the driver takes them: over-long strings cut
    to their columns' widths (`widths.clip_values`), then each through its column type's conversion."""
    dialect = conn.dialect
    columns = [table.c[n] for n in names]
    processors = [(i, p) for i, c in enumerate(columns) if (p := c.type.bind_processor(dialect)) is not None]
    values = clip_values(table, names, rows)
    if processors:
        values = [list(row) for row in values]
        for row in values:
            for i, p in processors:
                row[i] = p(row[i])
    return values


def _wrapped(conn: Connection, statement: str, exc: Exception, cursor: Any) -> DBAPIError:
    """The driver's error as SQLAlchemy raises it for any statement (IntegrityError, OperationalError, ...):
    the callers' handling sees one kind of error whichever path wrote the rows. A lost connection is
    invalidated and says so, as SQLAlchemy's own execution does, so a bulk load stops instead of failing
    every article after it."""
    dialect = conn.dialect
    lost = dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
    if lost:
        conn.invalidate(exc)
    return DBAPIError.instance(
        statement, None, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
    )
