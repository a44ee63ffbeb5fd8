"""Whether a batch's own transaction was the only change to the database while it ran: the condition under
which what its writer read and wrote, held in memory, is still the database's for the next batch.

A batch reads the change token (`data_version`) when it starts, marks its own change just before it commits,
and reads the token again once committed. SQLite: a batch that wrote holds the write lock from its first
write to its commit, so the token read just before the commit equal to the one read at the start means
nobody else committed in between, nor can until the commit. PostgreSQL (the token is the current snapshot,
"xmin:xmax:in-progress ids"): the batch's transaction id is the one the start's snapshot would give next,
the end's snapshot has given no others than it, its savepoints' (one an article written; a batch with a
failed article is not kept) and the statistics refresh's after it, and the transactions in progress at
the start still are: none of them committed a change, and no other began writing. A batch that wrote
nothing, or any doubt (the token unreadable, another database of the cluster writing), gives False: the
next batch then reads everything again, as it would without this.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.data_version import data_version


class _Snapshot(NamedTuple):
    xmax: int
    in_progress: frozenset[int]


def _snapshot(token: object) -> _Snapshot:
    _, xmax, in_progress = str(token).split(":")
    return _Snapshot(int(xmax), frozenset(int(x) for x in in_progress.split(",") if x))


class ChangeWatch:
    """The change token of one database, read through a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self.version = data_version(engine)
        self.postgres = engine.dialect.name == "postgresql"

    def token(self) -> object | None:
        return self.version.current() if self.version is not None else None

    def close(self) -> None:
        if self.version is not None:
            self.version.close()

    def own_change(self, session: Session) -> object | None:
        """Just before a batch commits: what marks its own change (PostgreSQL: its transaction id; SQLite: the
        token, read while the batch holds the write lock), None when it wrote nothing."""
        if self.postgres:
            return session.execute(text("SELECT pg_current_xact_id_if_assigned()::text")).scalar()
        dbapi = session.connection().connection.dbapi_connection
        return self.token() if getattr(dbapi, "in_transaction", False) else None

    def only(self, start: object | None, own: object | None, end: object | None, others: int) -> bool:
        """Whether the batch's commit was the only change between the tokens read at its start and its end;
        `others`: how many more transaction ids the batch took (PostgreSQL: one a savepoint that wrote, one
        for statistics refreshed after its commit)."""
        if start is None or own is None or end is None:
            return False
        if not self.postgres:
            return own == start
        before, after = _snapshot(start), _snapshot(end)
        only_ours_began = int(str(own)) == before.xmax and after.xmax == before.xmax + 1 + others
        return only_ours_began and after.in_progress == before.in_progress
