"""speaker_total: attributions per speaker, kept exact by triggers, so the speaker facet stops early

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:30:00

The same shape as 0006's triggers: an upsert of +1 or -1 per attribution joined to its article (inner
join), so an article's BEFORE DELETE trigger takes its attributions out and the cascade then changes
nothing; a deleted speaker's attributions move to speaker 0 through the update trigger.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROWS = "attribution a JOIN article ar ON ar.id = a.article_id"


def _add(a: str, sign: int, source: str, where: str) -> str:
    return (
        f"INSERT INTO speaker_total (speaker_id, n) SELECT coalesce({a}.speaker_id, 0), {sign} * count(*) "
        f"FROM {source} WHERE {where} GROUP BY 1 "
        "ON CONFLICT (speaker_id) DO UPDATE SET n = speaker_total.n + excluded.n"
    )


def _triggers() -> dict[str, tuple[str, str, list[str]]]:
    plus = _add("NEW", 1, "article ar", "ar.id = NEW.article_id")
    minus = _add("OLD", -1, "article ar", "ar.id = OLD.article_id")
    return {
        "total_attribution_insert": ("AFTER INSERT", "attribution", [plus]),
        "total_attribution_delete": ("AFTER DELETE", "attribution", [minus]),
        "total_attribution_update": ("AFTER UPDATE OF article_id, speaker_id", "attribution", [minus, plus]),
        "total_article_delete": ("BEFORE DELETE", "article", [_add("a", -1, ROWS, "a.article_id = OLD.id")]),
    }


def upgrade() -> None:
    op.create_table(
        "speaker_total",
        sa.Column("speaker_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("speaker_id", name=op.f("pk_speaker_total")),
    )
    op.create_index("ix_speaker_total_n", "speaker_total", ["n", "speaker_id"])
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(_add("a", 1, ROWS, "true" if postgres else "1"))
    for name, (when, table, statements) in _triggers().items():
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


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (_, table, _) in _triggers().items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_speaker_total_n", table_name="speaker_total")
    op.drop_table("speaker_total")
