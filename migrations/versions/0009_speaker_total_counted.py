"""speaker_total.counted: each speaker's attributions that the lists count by default (speech and belief, not
rejected), so the speaker facet of an unfiltered list is one index read

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:40:00

0007's triggers are replaced by ones that keep both counts (same shape: an upsert per attribution joined
to its article).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROWS = "attribution a JOIN article ar ON ar.id = a.article_id"
COUNTED = "{a}.kind IN ('speech', 'belief') AND {a}.status <> 'rejected'"


def _add(a: str, sign: int, source: str, where: str, counted: bool) -> str:
    if not counted:
        return (
            f"INSERT INTO speaker_total (speaker_id, n) SELECT coalesce({a}.speaker_id, 0), {sign} * count(*) "
            f"FROM {source} WHERE {where} GROUP BY 1 "
            "ON CONFLICT (speaker_id) DO UPDATE SET n = speaker_total.n + excluded.n"
        )
    return (
        f"INSERT INTO speaker_total (speaker_id, n, counted) SELECT coalesce({a}.speaker_id, 0), {sign} * count(*), "
        f"{sign} * sum(CASE WHEN {COUNTED.format(a=a)} THEN 1 ELSE 0 END) FROM {source} WHERE {where} GROUP BY 1 "
        "ON CONFLICT (speaker_id) DO UPDATE SET n = speaker_total.n + excluded.n, "
        "counted = speaker_total.counted + excluded.counted"
    )


def _triggers(counted: bool) -> dict[str, tuple[str, str, list[str]]]:
    """0008's triggers (counted) or 0007's (not)."""
    plus = _add("NEW", 1, "article ar", "ar.id = NEW.article_id", counted)
    minus = _add("OLD", -1, "article ar", "ar.id = OLD.article_id", counted)
    columns = "article_id, speaker_id, kind, status" if counted else "article_id, speaker_id"
    return {
        "total_attribution_insert": ("AFTER INSERT", "attribution", [plus]),
        "total_attribution_delete": ("AFTER DELETE", "attribution", [minus]),
        "total_attribution_update": (f"AFTER UPDATE OF {columns}", "attribution", [minus, plus]),
        "total_article_delete": ("BEFORE DELETE", "article", [_add("a", -1, ROWS, "a.article_id = OLD.id", counted)]),
    }


def _drop(postgres: bool) -> None:
    for name, (_, table, _) in _triggers(False).items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def _create(postgres: bool, counted: bool) -> None:
    for name, (when, table, statements) in _triggers(counted).items():
        body = "".join(f"{s};\n" for s in statements)
        if postgres:
            returned = "OLD" if when.startswith("BEFORE") else "NULL"
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}"
                f"RETURN {returned};\nEND\n$$"
            )
            op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
        else:
            op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW BEGIN\n{body}END")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop(postgres)
    op.add_column("speaker_total", sa.Column("counted", sa.Integer(), nullable=False, server_default="0"))
    op.execute("DELETE FROM speaker_total")  # counted again, both columns, in one pass
    op.execute(_add("a", 1, ROWS, "true" if postgres else "1", counted=True))
    op.create_index("ix_speaker_total_counted", "speaker_total", ["counted", "speaker_id"])
    _create(postgres, counted=True)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop(postgres)
    op.drop_index("ix_speaker_total_counted", table_name="speaker_total")
    op.drop_column("speaker_total", "counted")
    _create(postgres, counted=False)
