"""Writing to the database: articles, speakers, claims, attributions, and the change history."""
