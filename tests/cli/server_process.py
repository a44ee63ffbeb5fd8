"""`claimbase serve` in a process of its own, on a free loopback port, for tests of the command itself."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(
    args: list[str], env: dict[str, str], cwd: Path, claimbase: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `claimbase serve ARGS` on a free port and wait until it answers; returns it and its base URL.

    This source tree's claimbase, unless `claimbase` names an installed command to run as it is.
    """
    port = free_port()
    if claimbase is None:
        command = [sys.executable, "-c", "from app.cli.main import cli; cli()"]
        env = {**env, "PYTHONPATH": str(ROOT)}
    else:
        command = [str(claimbase)]
    server = subprocess.Popen([*command, "serve", "--port", str(port), *args], env=env, cwd=cwd)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited with {server.returncode}"
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")
