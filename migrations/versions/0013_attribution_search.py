"""attribution_search (PostgreSQL): each attribution's content as a stored tsvector, GIN-indexed, kept by a
trigger, so that a search's newest matches are read without computing a tsvector per row

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:05:00

The GIN index on the expression to_tsvector('english', content_text) finds every match of a search,
but reading them in id order from it means reading them all (61,378 rows for `harbour budget` at
1,000,000 attributions: 200 ms), and walking the ids instead computes to_tsvector for every row passed
(15 µs each). With the stored tsvector, the newest 2,000 matches are a walk of some 30,000 narrow rows
(about 25 ms), and a rare word's matches a bitmap of its own GIN index. The expression index stays: the
lists' other plans (a page by date that tests each row it walks) keep using it. SQLite has its FTS5
index (attribution_fts), which reads matches newest first by itself: nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT = "to_tsvector('english', {}.content_text)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE attribution_search (id integer PRIMARY KEY "
        "REFERENCES attribution (id) ON DELETE CASCADE, tsv tsvector NOT NULL)"
    )
    op.execute(f"INSERT INTO attribution_search (id, tsv) SELECT a.id, {DOCUMENT.format('a')} FROM attribution a")
    op.execute("CREATE INDEX ix_attribution_search_tsv ON attribution_search USING gin (tsv)")
    op.execute(
        "CREATE FUNCTION attribution_search_write() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"INSERT INTO attribution_search (id, tsv) VALUES (NEW.id, {DOCUMENT.format('NEW')}) "
        "ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv;\nRETURN NULL;\nEND\n$$"
    )
    op.execute(
        "CREATE TRIGGER attribution_search_write AFTER INSERT OR UPDATE OF content_text ON attribution "
        "FOR EACH ROW EXECUTE FUNCTION attribution_search_write()"
    )
    op.execute("ANALYZE attribution_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER attribution_search_write ON attribution")
    op.execute("DROP FUNCTION attribution_search_write()")
    op.execute("DROP TABLE attribution_search")
