"""claim clusters: a cluster per proposition, each claim's label in it, content-word keys, statements

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LABELS = ("first", "same", "paraphrase", "variant", "contradiction")


def upgrade() -> None:
    op.create_table(
        "claim_cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("has_variants", sa.Boolean(), nullable=False),
        sa.Column("contradicted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_cluster")),
    )
    op.create_index(op.f("ix_claim_cluster_has_variants"), "claim_cluster", ["has_variants"])
    op.create_index(op.f("ix_claim_cluster_contradicted"), "claim_cluster", ["contradicted"])
    # Plain column operations: SQLite adds and drops a column in place, so no batch table copy is
    # needed (copying the claim table fails once attributions point at it). So cluster_id carries no
    # foreign key: SQLite cannot add one to an existing table, nor drop a column that has one.
    op.add_column("claim", sa.Column("cluster_id", sa.Integer(), nullable=True))
    op.add_column(
        "claim",
        sa.Column("cluster_label", sa.Enum(*_LABELS, name="cluster_label", native_enum=False, length=24)),
    )
    op.add_column("claim", sa.Column("cluster_pinned", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index(op.f("ix_claim_cluster_id"), "claim", ["cluster_id"])
    op.create_table(
        "claim_key",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_key_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "claim_id", name=op.f("pk_claim_key")),
    )
    op.create_index(op.f("ix_claim_key_claim_id"), "claim_key", ["claim_id"])
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_statement_article_id_article"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_statement_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
    )
    op.create_index(op.f("ix_statement_article_id"), "statement", ["article_id"])
    op.create_index(op.f("ix_statement_claim_id"), "statement", ["claim_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_statement_claim_id"), table_name="statement")
    op.drop_index(op.f("ix_statement_article_id"), table_name="statement")
    op.drop_table("statement")
    op.drop_index(op.f("ix_claim_key_claim_id"), table_name="claim_key")
    op.drop_table("claim_key")
    op.drop_index(op.f("ix_claim_cluster_id"), table_name="claim")
    op.drop_column("claim", "cluster_pinned")
    op.drop_column("claim", "cluster_label")
    op.drop_column("claim", "cluster_id")
    op.drop_index(op.f("ix_claim_cluster_contradicted"), table_name="claim_cluster")
    op.drop_index(op.f("ix_claim_cluster_has_variants"), table_name="claim_cluster")
    op.drop_table("claim_cluster")
