"""Running Alembic from code, and the objects the models deliberately do not describe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine


def _migrations_dir() -> Path:
    """Inside an installed package (the build copies them there, see setup.py), else the source tree's."""
    packaged = Path(__file__).resolve().parent / "_migrations"
    return packaged if packaged.is_dir() else packaged.parent.parent / "migrations"


MIGRATIONS_DIR = _migrations_dir()

# Dialect-specific objects created by the migrations themselves, which the models cannot describe:
# an FTS5 virtual table (and its shadow tables) on SQLite; its counterpart attribution_search (a stored
# tsvector per attribution), GIN indexes and a DESC NULLS LAST index on PostgreSQL.
DIALECT_OBJECTS = (
    "attribution_fts",
    "attribution_search",
    "ix_attribution_search_tsv",
    "ix_attribution_content_tsv",
    "ix_article_title_tsv",
    "ix_article_published_desc",
)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (name and name.startswith(DIALECT_OBJECTS))


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def current_revision(bind: Engine | Connection) -> str | None:
    if isinstance(bind, Connection):
        return MigrationContext.configure(bind).get_current_revision()
    with bind.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()
