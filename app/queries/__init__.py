"""The read side: one query layer for the REST API, the exports and the web front end."""
