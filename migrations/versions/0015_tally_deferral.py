"""SQLite: an ingest's new attributions counted once per statement, not once per row

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 19:10:00

SQLite has no statement triggers (0014 gave PostgreSQL's): an article's twenty attributions ran forty
upserts into the tallies, the largest part of storing them. A writer that inserts many attributions at once
first puts their id range in `tally_deferral`; the insert triggers leave rows of such a range alone, and
deleting the range counts them all in one statement of each shape (`tally_deferral_count`), the statements of
0006 and 0009 over the range instead of one row, so the counts are the same by construction. Any other
insert (the ORM path, a user's own SQL) is counted by its row trigger as before. On PostgreSQL the table
exists (models and migrations do not drift) and nothing else changes.
"""

from collections.abc import Sequence
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROWS = "attribution a JOIN article ar ON ar.id = a.article_id"
RANGE = "a.id BETWEEN OLD.first_id AND OLD.last_id"
NOT_DEFERRED = "NOT EXISTS (SELECT 1 FROM tally_deferral d WHERE NEW.id BETWEEN d.first_id AND d.last_id)"


def _migration(name: str) -> ModuleType:
    """An earlier migration of this directory, for its statement builders (its file name is not a module name)."""
    spec = spec_from_file_location(f"claimbase_migration_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _insert_triggers() -> dict[str, list[str]]:
    """The SQLite row triggers on a new attribution that count it: name -> statements (as 0006 and 0009 made them)."""
    tallies, totals = _migration("0006_attribution_tallies"), _migration("0009_speaker_total_counted")
    return {
        "tally_attribution_insert": tallies._triggers(False)["tally_attribution_insert"][2],
        "total_attribution_insert": totals._triggers(True)["total_attribution_insert"][2],
    }


def _range_statements() -> list[str]:
    tallies, totals = _migration("0006_attribution_tallies"), _migration("0009_speaker_total_counted")
    return [*tallies._both(False, "a", 1, ROWS, RANGE), totals._add("a", 1, ROWS, RANGE, counted=True)]


def _create_insert_triggers(when: str) -> None:
    for name, statements in _insert_triggers().items():
        body = "".join(f"{s};\n" for s in statements)
        op.execute(f"DROP TRIGGER {name}")
        op.execute(f"CREATE TRIGGER {name} AFTER INSERT ON attribution FOR EACH ROW {when}BEGIN\n{body}END")


def upgrade() -> None:
    op.create_table(
        "tally_deferral",
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("first_id", name=op.f("pk_tally_deferral")),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    _create_insert_triggers(f"WHEN {NOT_DEFERRED} ")
    body = "".join(f"{s};\n" for s in _range_statements())
    op.execute(f"CREATE TRIGGER tally_deferral_count AFTER DELETE ON tally_deferral FOR EACH ROW BEGIN\n{body}END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER tally_deferral_count")
        _create_insert_triggers("")
    op.drop_table("tally_deferral")
