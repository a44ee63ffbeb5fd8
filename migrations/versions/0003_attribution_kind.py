"""attribution.kind (speech, belief, intention, evidence, action); kind in the covering indexes

Existing rows were all speech or belief, the only kinds the extractor and the gold files knew: they
become speech.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = sa.Enum(
    "speech", "belief", "intention", "evidence", "action", name="attribution_kind", native_enum=False, length=24
)

# (name, columns before, columns after)
INDEXES = [
    ("ix_attribution_article_status", ["article_id", "status"], ["article_id", "status", "kind"]),
    (
        "ix_attribution_speaker_status",
        ["speaker_id", "status", "article_id"],
        ["speaker_id", "status", "kind", "article_id"],
    ),
    (
        "ix_attribution_anonymous_speaker",
        ["anonymous", "speaker_id", "status"],
        ["anonymous", "speaker_id", "status", "kind"],
    ),
]


# Plain column and index operations: SQLite adds and drops a column in place (3.35+), so no batch
# table copy is needed, and the full-text triggers on the table stay as they are.
def upgrade() -> None:
    op.add_column("attribution", sa.Column("kind", KIND, server_default="speech", nullable=False))
    for name, _, after in INDEXES:
        op.drop_index(name, table_name="attribution")
        op.create_index(name, "attribution", after)
    op.create_index("ix_attribution_status_confidence", "attribution", ["status", "confidence", "kind"])


def downgrade() -> None:
    op.drop_index("ix_attribution_status_confidence", table_name="attribution")
    for name, before, _ in INDEXES:
        op.drop_index(name, table_name="attribution")
        op.create_index(name, "attribution", before)
    op.drop_column("attribution", "kind")
