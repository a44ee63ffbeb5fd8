"""speaker_tally: a covering index by speaker then anonymity, so a filtered speaker facet reads only the
combinations it counts (`anonymous=true` skips the named rows of the speakers it checks)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["speaker_id", "anonymous", "kind", "status", "outlet_id", "n"]


# A plain index operation: SQLite creates and drops indexes in place, so no batch (table copy) is needed.
def upgrade() -> None:
    op.create_index("ix_speaker_tally_anonymous", "speaker_tally", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_speaker_tally_anonymous", table_name="speaker_tally")
