"""tallies: attribution counts per facet and statistics dimension, kept exact by triggers on both databases

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:20:00

Every count change goes through one statement shape: an upsert adding +1 or -1 per attribution, grouped by
the dimensions, computed from the attribution joined to its article (inner join) and speakers (outer).
The inner join on the article is what keeps deletes exact: an article's BEFORE DELETE trigger takes all of
its attributions out while the article is still there; the cascaded deletes of those attributions (and of
its speakers) then find no article and change nothing. A speaker's BEFORE DELETE trigger moves its
attributions to "no speaker kind" before the cascade sets their speaker to null, which the attribution's
update trigger then moves to speaker 0 in speaker_tally.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY = "outlet_id, month, speaker_kind, anonymous, kind, status, quote_type, stance, via_outlet"
SPEAKERS = "speaker_id, outlet_id, anonymous, kind, status"
# The attribution columns a tally depends on: updating any other column changes no count.
COUNTED_COLUMNS = "article_id, speaker_id, via_speaker_id, anonymous, kind, status, quote_type, stance"
ROWS = "attribution a JOIN article ar ON ar.id = a.article_id"


def _month(postgres: bool, column: str) -> str:
    return f"to_char({column}, 'YYYY-MM')" if postgres else f"strftime('%Y-%m', {column})"


def _tally(
    postgres: bool,
    a: str,
    sign: int,
    source: str,
    where: str,
    *,
    speaker_kind: str = "s.kind",
    via_outlet: str = "v.kind = 'outlet'",
    outlet: str = "ar.outlet_id",
    published: str = "ar.published_at",
) -> str:
    """Add `sign` per attribution `a` of `source` matching `where` to attribution_tally."""
    false = "false" if postgres else "0"
    return (
        f"INSERT INTO attribution_tally ({TALLY}, n) "
        f"SELECT coalesce({outlet}, 0), coalesce({_month(postgres, published)}, ''), coalesce({speaker_kind}, ''), "
        f"{a}.anonymous, {a}.kind, {a}.status, {a}.quote_type, {a}.stance, coalesce({via_outlet}, {false}), "
        f"{sign} * count(*) FROM {source} LEFT JOIN speaker s ON s.id = {a}.speaker_id "
        f"LEFT JOIN speaker v ON v.id = {a}.via_speaker_id WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 "
        f"ON CONFLICT ({TALLY}) DO UPDATE SET n = attribution_tally.n + excluded.n"
    )


def _speakers(a: str, sign: int, source: str, where: str, *, outlet: str = "ar.outlet_id") -> str:
    """Add `sign` per attribution `a` of `source` matching `where` to speaker_tally."""
    return (
        f"INSERT INTO speaker_tally ({SPEAKERS}, n) "
        f"SELECT coalesce({a}.speaker_id, 0), coalesce({outlet}, 0), {a}.anonymous, {a}.kind, {a}.status, "
        f"{sign} * count(*) FROM {source} WHERE {where} GROUP BY 1, 2, 3, 4, 5 "
        f"ON CONFLICT ({SPEAKERS}) DO UPDATE SET n = speaker_tally.n + excluded.n"
    )


def _both(postgres: bool, a: str, sign: int, source: str, where: str) -> list[str]:
    return [_tally(postgres, a, sign, source, where), _speakers(a, sign, source, where)]


def _triggers(postgres: bool) -> dict[str, tuple[str, str, list[str]]]:
    """name: (timing and event, table, statements); the statements see the row as NEW and OLD."""
    one_new = ("article ar", "ar.id = NEW.article_id")
    one_old = ("article ar", "ar.id = OLD.article_id")
    old_kind = "CASE WHEN a.speaker_id = OLD.id THEN OLD.kind ELSE s.kind END"
    old_via = "CASE WHEN a.via_speaker_id = OLD.id THEN OLD.kind = 'outlet' ELSE v.kind = 'outlet' END"
    gone_kind = "CASE WHEN a.speaker_id = OLD.id THEN NULL ELSE s.kind END"
    gone_via = "CASE WHEN a.via_speaker_id = OLD.id THEN NULL ELSE v.kind = 'outlet' END"
    refers = "(a.speaker_id = OLD.id OR a.via_speaker_id = OLD.id)"
    return {
        "tally_attribution_insert": ("AFTER INSERT", "attribution", _both(postgres, "NEW", 1, *one_new)),
        "tally_attribution_delete": ("AFTER DELETE", "attribution", _both(postgres, "OLD", -1, *one_old)),
        "tally_attribution_update": (
            f"AFTER UPDATE OF {COUNTED_COLUMNS}",
            "attribution",
            [*_both(postgres, "OLD", -1, *one_old), *_both(postgres, "NEW", 1, *one_new)],
        ),
        "tally_article_delete": ("BEFORE DELETE", "article", _both(postgres, "a", -1, ROWS, "a.article_id = OLD.id")),
        "tally_article_update": (
            "AFTER UPDATE OF outlet_id, published_at",
            "article",
            [
                _tally(
                    postgres,
                    "a",
                    -1,
                    ROWS,
                    "a.article_id = NEW.id",
                    outlet="OLD.outlet_id",
                    published="OLD.published_at",
                ),
                _speakers("a", -1, ROWS, "a.article_id = NEW.id", outlet="OLD.outlet_id"),
                *_both(postgres, "a", 1, ROWS, "a.article_id = NEW.id"),
            ],
        ),
        "tally_speaker_delete": (
            "BEFORE DELETE",
            "speaker",
            [
                _tally(postgres, "a", -1, ROWS, refers),
                _tally(postgres, "a", 1, ROWS, refers, speaker_kind=gone_kind, via_outlet=gone_via),
            ],
        ),
        "tally_speaker_update": (
            "AFTER UPDATE OF kind",
            "speaker",
            [
                _tally(postgres, "a", -1, ROWS, refers, speaker_kind=old_kind, via_outlet=old_via),
                _tally(postgres, "a", 1, ROWS, refers),
            ],
        ),
    }


def _fill(postgres: bool) -> list[str]:
    """Count every attribution already stored."""
    return [
        "DELETE FROM attribution_tally",
        "DELETE FROM speaker_tally",
        *_both(postgres, "a", 1, ROWS, "true" if postgres else "1"),
    ]


def upgrade() -> None:
    op.create_table(
        "attribution_tally",
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("speaker_kind", sa.String(length=24), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("quote_type", sa.String(length=24), nullable=False),
        sa.Column("stance", sa.String(length=24), nullable=False),
        sa.Column("via_outlet", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*TALLY.split(", "), name=op.f("pk_attribution_tally")),
    )
    op.create_table(
        "speaker_tally",
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*SPEAKERS.split(", "), name=op.f("pk_speaker_tally")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _fill(postgres):
        op.execute(statement)
    for name, (when, table, statements) in _triggers(postgres).items():
        if postgres:
            returned = "OLD" if when.startswith("BEFORE") else "NULL"
            body = "".join(f"{s};\n" for s in statements)
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}"
                f"RETURN {returned};\nEND\n$$"
            )
            op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
        else:
            body = "".join(f"{s};\n" for s in statements)
            op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW BEGIN\n{body}END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (_, table, _) in _triggers(postgres).items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("speaker_tally")
    op.drop_table("attribution_tally")
