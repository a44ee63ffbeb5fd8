"""PostgreSQL: the app's connections plan without parallel workers and without JIT compilation (app/db.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.db import make_engine
from app.migrations_support import upgrade
from tests.conftest import fresh_database_url

pytestmark = pytest.mark.postgres

# What makes the planner take workers and compile the plan of any query, however small its tables.
EAGER = ["parallel_setup_cost = 0", "parallel_tuple_cost = 0", "min_parallel_table_scan_size = 0"]
EAGER += ["jit_above_cost = 0", "jit_inline_above_cost = 0", "jit_optimize_above_cost = 0"]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    gen = fresh_database_url("postgresql", tmp_path)
    engine = make_engine(next(gen))
    upgrade(engine)
    yield engine
    engine.dispose()
    gen.close()


def _plan(engine: Engine, settings: list[str]) -> str:
    with engine.connect() as conn:
        for setting in settings:
            conn.exec_driver_sql(f"SET {setting}")
        rows = conn.execute(text("EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM attribution")).scalars()
        return "\n".join(rows)


def test_no_parallel_workers_and_no_jit_where_the_planner_would_take_them(engine: Engine) -> None:
    plan = _plan(engine, EAGER)
    assert "Gather" not in plan and "JIT" not in plan, plan
    # the same session's defaults given back: the planner does take them then (so the check above can fail)
    eager = _plan(engine, [*EAGER, "max_parallel_workers_per_gather = 2", "jit = on"])
    assert "Gather" in eager and ("JIT" in eager or not _has_jit(engine)), eager


def _has_jit(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text("SELECT pg_jit_available()")))
