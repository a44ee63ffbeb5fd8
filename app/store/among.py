"""A column among a list of values bound at execution, written for each database.

SQLite: `column IN (?, ?, ...)`, a parameter a value. PostgreSQL: `column = ANY(%(name)s::type[])`, the list
sent as one array: the statement's text is then the same for any number of values, so the driver converts it
and the server parses and plans it once (psycopg prepares a statement it has run five times), instead of once
for each length of list, as an `IN` list of parameters is. The bulk writer's reads of claims, keys and
clusters run a few times an article with lists of tens to hundreds of values.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import ARRAY, Boolean, any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


def among(column: ColumnElement[Any], name: str) -> Among:
    """`column` is one of the values bound as `name` when the statement runs (a list)."""
    return Among(column, name)


class Among(ColumnElement[bool]):
    """See `among`. Its cache key is the column and the parameter's name: SQLAlchemy compiles a statement
    holding it once."""

    inherit_cache = True
    _is_implicitly_boolean = True
    _traverse_internals: ClassVar = [
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]
    type = Boolean()

    def __init__(self, column: ColumnElement[Any], name: str) -> None:
        self.column = column
        self.name = name


@compiles(Among)
def _in_list(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(Among, "postgresql")
def _any_of_array(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    array = bindparam(element.name, type_=ARRAY(element.column.type))
    return compiler.process(element.column == any_(array), **kw)
