"""speaker_alias.surname: linking a person seeks the aliases of one surname instead of reading them all

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.store.names import surname

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.add_column(sa.Column("surname", sa.String(length=300), nullable=True))
    # Fill existing rows with the store's own function, so stored and new aliases agree.
    alias = sa.table("speaker_alias", sa.column("id", sa.Integer), sa.column("alias"), sa.column("surname"))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(alias.c.id, alias.c.alias).where(alias.c.id > last).order_by(alias.c.id).limit(_BATCH)
        ).all()
        if not rows:
            break
        values = [{"row_id": row.id, "surname": surname(row.alias)} for row in rows if surname(row.alias)]
        if values:
            connection.execute(
                alias.update().where(alias.c.id == sa.bindparam("row_id")).values(surname=sa.bindparam("surname")),
                values,
            )
        last = rows[-1].id
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_alias_surname"), ["surname"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_alias_surname"))
        batch_op.drop_column("surname")
