"""The package as a user gets it: the built wheel, installed into a fresh virtual environment, migrates an empty
database and serves it (the migrations travel inside the wheel).

uv builds the wheel and makes the environment; the dependencies are requirements.lock's, from uv's cache once it
holds them (the first run downloads them: about a minute).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from uv import find_uv_bin

from app.migrations_support import head_revision
from tests.cli.server_process import start_serve

ROOT = Path(__file__).resolve().parent.parent
# What the build reads; copied so that it never sees the source tree's build/ leftovers or its databases.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "app", "migrations")
SETUP_TIMEOUT = 600

pytestmark = pytest.mark.wheel


def _env() -> dict[str, str]:
    """The environment of a user's shell: nothing points Python or claimbase at this source tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CLAIMBASE_", "VIRTUAL_ENV", "UV_"))}
    return {**env, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}


def _run(*args: str | Path, cwd: Path, timeout: float = SETUP_TIMEOUT) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `bin` directory of a new virtual environment holding claimbase from its wheel."""
    uv = find_uv_bin()
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(src, source / name)
    _run(uv, "build", "--wheel", "--out-dir", work / "dist", source, cwd=work)
    (wheel,) = (work / "dist").glob("claimbase-*.whl")
    venv = work / "venv"
    _run(uv, "venv", "--python", sys.executable, venv, cwd=work)
    python = venv / "bin" / "python"
    # As the README says: the dependencies from the lock (hashes checked), then the wheel, which must need no more.
    _run(uv, "pip", "install", "--python", python, "--require-hashes", "-r", ROOT / "requirements.lock", cwd=work)
    _run(uv, "pip", "install", "--python", python, "--no-deps", wheel, cwd=work)
    _run(uv, "pip", "check", "--python", python, cwd=work)
    yield venv / "bin"


def test_the_wheel_carries_the_migrations_and_imports_from_the_environment(installed: Path, tmp_path: Path) -> None:
    code = "import app, app.migrations_support as m; print(app.__file__); print(m.MIGRATIONS_DIR)"
    package_file, migrations = _run(installed / "python", "-c", code, cwd=tmp_path).split()
    site = installed.parent / "lib"
    assert Path(package_file).is_relative_to(site), package_file  # not this source tree
    assert Path(migrations) == Path(package_file).parent / "_migrations"
    assert sorted(p.name for p in (Path(migrations) / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "migrations" / "versions").glob("*.py")
    )


def test_the_wheel_carries_every_model_and_data_file_of_the_extractor(installed: Path, tmp_path: Path) -> None:
    code = "import app.extraction.scorer as s; print(s.MODEL_DIR)"
    models = Path(_run(installed / "python", "-c", code, cwd=tmp_path).strip())
    shipped = sorted(p.name for p in (ROOT / "app" / "extraction" / "models").iterdir() if p.is_file())
    assert sorted(p.name for p in models.iterdir() if p.is_file()) == shipped


def test_db_upgrade_then_serve_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    head = head_revision()
    out = _run(installed / "claimbase", "db", "upgrade", "--database-url", url, cwd=tmp_path, timeout=120)
    assert f"database at revision {head} (head)" in out

    server, base = start_serve(["--database-url", url], _env(), tmp_path, claimbase=installed / "claimbase")
    try:
        health = httpx.get(f"{base}/api/health", timeout=10)
        assert health.status_code == 200, health.text
        body = health.json()
        assert body["status"] == "ok"
        assert body["database"] == "sqlite"
        assert body["schema_revision"] == head
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode in (0, -signal.SIGTERM)  # uvicorn ends by re-raising the signal it handled
