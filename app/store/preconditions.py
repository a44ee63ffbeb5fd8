"""Edits that never lose each other: a row lock before every read-modify-write, and record versions
(ETags) a client sends back in `If-Match` so an edit made on a stale copy is refused, not applied.

PostgreSQL locks the row (`SELECT ... FOR UPDATE`); SQLite has one writer at a time, so the transaction
takes the write lock (`BEGIN IMMEDIATE`) before it reads what it will change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db import dialect_name

T = TypeVar("T")


class StaleRecord(Exception):
    """`If-Match` named a version other than the stored one."""

    def __init__(self, entity: str, etag: str, current: dict[str, Any]) -> None:
        super().__init__(f"the {entity} changed since you read it (If-Match); what is stored now is in `current`")
        self.etag = etag
        self.current = current


def begin_writing(session: Session) -> None:
    """On SQLite, take the database's write lock now, before reading what will be changed.

    A transaction already under way (a test's outer transaction, a batch) is left as it is.
    """
    if dialect_name(session) != "sqlite":
        return
    connection = session.connection()
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_row(session: Session, model: type[T], ident: int) -> T | None:
    """The row, freshly read and locked against other writers until this transaction ends."""
    begin_writing(session)
    stmt = select(model).where(model.id == ident).execution_options(populate_existing=True)  # type: ignore[attr-defined]
    if dialect_name(session) == "postgresql":
        stmt = stmt.with_for_update(of=model)  # this row only, not eagerly joined ones
    return session.scalar(stmt)


def lock_rows(session: Session, model: type[T], idents: list[int]) -> list[T | None]:
    """Several rows of one table, locked in id order (so two requests never wait on each other in a ring)."""
    rows = {ident: lock_row(session, model, ident) for ident in sorted(set(idents))}
    return [rows[ident] for ident in idents]


def lock_key(session: Session, key: str) -> None:
    """Serialise the transactions that work on one key (a content hash) until this one ends."""
    begin_writing(session)
    if dialect_name(session) == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(advisory_key(key))))


def lock_keys(session: Session, keys: list[str]) -> None:
    """`lock_key` for each of `keys`, in one statement, in the order given."""
    begin_writing(session)
    if dialect_name(session) == "postgresql" and keys:
        session.execute(_LOCKS, {"keys": [advisory_key(k) for k in keys]})


_LOCKS = text(
    "SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS u(k, n) ORDER BY n"
)


def advisory_key(key: str) -> int:
    """The PostgreSQL advisory lock number `lock_key` takes for a key."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:15], 16)


def etag(state: dict[str, Any]) -> str:
    """A strong ETag for a record's editable state."""
    digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return f'"{digest[:24]}"'


def check_if_match(
    if_match: str | None, state: dict[str, Any], entity: str, current: Callable[[], dict[str, Any]]
) -> None:
    """No `If-Match`: the edit applies to what is stored. Otherwise it must name the stored version (or `*`);
    if it does not, StaleRecord carries the record as it is now (`current()`)."""
    if if_match is None:
        return
    stored = etag(state)
    wanted = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if "*" in wanted or stored in wanted:
        return
    raise StaleRecord(entity, stored, current())
