"""PostgreSQL: drop the full-text index over every article's title and text, which no query reads

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 11:30:00

0001 created `ix_article_title_tsv`, a GIN index of `to_tsvector('english', coalesce(title, '') || ' ' ||
text)`, for an article search that became a case-insensitive substring search (`queries/articles.py`),
which such an index cannot serve. It was kept up to date on every article written all the same: building
the tsvector of a whole text and its GIN entries costs the server about 0.6 ms an article (840 PolNeAR
texts inserted one a statement: 0.71 ms an article with it, 0.11 without), about a twelfth of what the
server spends writing an article with its attributions, and its size grows with the corpus. The downgrade
builds it again. SQLite never had it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_article_title_tsv")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_article_title_tsv ON article "
            "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )
