"""The researcher's web front end: server-rendered pages over the same query layer as the REST API."""
