"""The build copies the Alembic migrations (`migrations/`) into the package as `app/_migrations`.

They stay at the top of the source tree for `alembic` and the tests; an installed claimbase (a wheel) finds
them inside the package (`app.migrations_support.MIGRATIONS_DIR`), so `claimbase db upgrade` works there too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PACKAGED_AS = Path("app") / "_migrations"


class BuildWithMigrations(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / PACKAGED_AS
        shutil.rmtree(target, ignore_errors=True)  # a renamed or removed migration must not linger
        shutil.copytree(MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithMigrations})
