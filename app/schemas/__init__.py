"""Pydantic schemas of the REST API: `XRead` is what a client gets, `XCreate`/`XUpdate` what it sends."""
