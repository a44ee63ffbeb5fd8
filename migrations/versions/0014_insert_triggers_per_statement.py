"""PostgreSQL: the counts and search document of new attributions written once per INSERT or COPY, not per row

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 01:50:00

The triggers on a new attribution (its counts in attribution_tally, speaker_tally and speaker_total, and
its tsvector in attribution_search) ran once a row: an ingest storing an article's twenty attributions in
one COPY ran sixty upserts and twenty inserts, about 0.2 ms of server time a row. They now run once a
statement over the statement's new rows (a transition table), in the same statement shapes as 0006, 0009
and 0013, which this migration reads rather than repeats, so the counts are the same by construction.
Updates and deletes keep their row triggers (a transition table cannot go with UPDATE OF a column list).
SQLite has no statement triggers: nothing changes there.
"""

from collections.abc import Sequence
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_ROWS = "new_rows a JOIN article ar ON ar.id = a.article_id"


def _migration(name: str) -> ModuleType:
    """An earlier migration of this directory, for its statement builders (its file name is not a module name)."""
    spec = spec_from_file_location(f"claimbase_migration_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _per_statement() -> dict[str, tuple[str, list[str]]]:
    """row trigger replaced: (its statement trigger's function, the statements over `new_rows`)."""
    tallies, totals, search = (
        _migration("0006_attribution_tallies"),
        _migration("0009_speaker_total_counted"),
        _migration("0013_attribution_search"),
    )
    return {
        "tally_attribution_insert": ("tally_attribution_insert_rows", tallies._both(True, "a", 1, NEW_ROWS, "true")),
        "total_attribution_insert": (
            "total_attribution_insert_rows",
            [totals._add("a", 1, NEW_ROWS, "true", counted=True)],
        ),
        "attribution_search_write": (
            "attribution_search_insert_rows",
            [f"INSERT INTO attribution_search (id, tsv) SELECT a.id, {search.DOCUMENT.format('a')} FROM new_rows a"],
        ),
    }


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for row_trigger, (name, statements) in _per_statement().items():
        body = "".join(f"{s};\n" for s in statements)
        op.execute(f"DROP TRIGGER {row_trigger} ON attribution")  # its function stays, for the downgrade
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}RETURN NULL;\nEND\n$$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER INSERT ON attribution REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    # The search document of an edited content: still a row trigger, now on updates alone.
    op.execute(
        "CREATE TRIGGER attribution_search_write AFTER UPDATE OF content_text ON attribution "
        "FOR EACH ROW EXECUTE FUNCTION attribution_search_write()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER attribution_search_write ON attribution")
    for row_trigger, (name, _) in _per_statement().items():
        op.execute(f"DROP TRIGGER {name} ON attribution")
        op.execute(f"DROP FUNCTION {name}()")
        events = "INSERT OR UPDATE OF content_text" if row_trigger == "attribution_search_write" else "INSERT"
        op.execute(
            f"CREATE TRIGGER {row_trigger} AFTER {events} ON attribution FOR EACH ROW EXECUTE FUNCTION {row_trigger}()"
        )
