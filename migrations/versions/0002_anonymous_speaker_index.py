"""anonymous filter: a covering index with the speaker, replacing the single-column one

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain index operations: SQLite creates and drops indexes in place, so no batch (table copy) is needed.
def upgrade() -> None:
    op.drop_index("ix_attribution_anonymous", table_name="attribution")
    op.create_index("ix_attribution_anonymous_speaker", "attribution", ["anonymous", "speaker_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_attribution_anonymous_speaker", table_name="attribution")
    op.create_index("ix_attribution_anonymous", "attribution", ["anonymous"])
