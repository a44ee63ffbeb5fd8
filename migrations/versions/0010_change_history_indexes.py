"""lookups: an index for one record's change history, one for a person's edits, outlets by name in any case

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANGE = {
    # GET /api/attributions/{id}/history, /api/changes?entity_type=&entity_id=, a speaker's last merge.
    "ix_change_entity": ["entity_type", "entity_id", "id"],
    # GET /api/changes?actor=
    "ix_change_actor": ["actor", "id"],
}


def upgrade() -> None:
    for name, columns in _CHANGE.items():
        op.create_index(name, "change", columns)
    # ?outlet=Name filters look the outlet up by lower(name).
    op.create_index("ix_outlet_name_lower", "outlet", [sa.text("lower(name)")])


def downgrade() -> None:
    op.drop_index("ix_outlet_name_lower", table_name="outlet")
    for name in _CHANGE:
        op.drop_index(name, table_name="change")
