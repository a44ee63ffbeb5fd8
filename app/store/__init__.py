"""Writing to the database: articles, speakers, claims, attributions, and the change history."""

# Every session that writes through the store cuts derived strings to their column widths.
from app.store import widths as widths
