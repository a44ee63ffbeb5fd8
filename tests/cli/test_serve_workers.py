"""`claimbase serve --workers N` answers from N processes, and SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
from typer.testing import CliRunner

from app.cli.main import cli
from tests.cli.server_process import start_serve


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is pid."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append((int(entry.name), cmdline))
    return found


def _workers(pid: int) -> list[int]:
    return [child for child, cmdline in _children(pid) if "spawn_main" in cmdline]


def test_two_workers_serve_and_stop_together(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    server, base = start_serve(["--workers", "2", "--database-url", url], dict(os.environ), tmp_path)
    try:
        workers = _workers(server.pid)
        assert len(workers) == 2, _children(server.pid)
        with httpx.Client(timeout=10) as client:
            answers = [client.get(f"{base}/api/articles").status_code for _ in range(20)]
        assert answers == [200] * 20
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode in (0, -signal.SIGTERM)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "a worker outlived the server"


def test_workers_must_be_positive() -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
