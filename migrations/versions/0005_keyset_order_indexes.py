"""keyset paging: an index per sort order, so a cursor is one seek whatever the page's depth

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ATTRIBUTION = {
    "ix_attribution_article_order": ["article_id", "id"],
    "ix_attribution_speaker_order": ["speaker_id", "id"],
    "ix_attribution_confidence_order": ["confidence", "id"],
}


# Plain index operations: SQLite creates and drops indexes in place, so no batch (table copy) is needed.
def upgrade() -> None:
    op.drop_index("ix_article_published_at", table_name="article")
    op.create_index("ix_article_published_at_id", "article", ["published_at", "id"])
    op.drop_index("ix_speaker_name", table_name="speaker")
    op.create_index("ix_speaker_name_id", "speaker", ["name", "id"])
    for name, columns in _ATTRIBUTION.items():
        op.create_index(name, "attribution", columns)


def downgrade() -> None:
    for name in _ATTRIBUTION:
        op.drop_index(name, table_name="attribution")
    op.drop_index("ix_speaker_name_id", table_name="speaker")
    op.create_index("ix_speaker_name", "speaker", ["name"])
    op.drop_index("ix_article_published_at_id", table_name="article")
    op.create_index("ix_article_published_at", "article", ["published_at"])
