"""The lock files agree with pyproject.toml: scripts/install.sh installs exactly what the project asks for.

After any change of dependencies in pyproject.toml, `scripts/lock.sh` refreshes both locks; until then these fail.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "claimbase (pyproject.toml)"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")
# The CPU build that pip finds on these machines' disk; any other release of torch is a CUDA download of GBs.
TORCH = Version("2.13.0")
REFRESH = "pyproject.toml and the lock disagree: run scripts/lock.sh and commit the locks"


@dataclass
class Pin:
    version: Version
    marker: str | None
    hashes: int = 0
    via: set[str] = field(default_factory=set)


def read_lock(path: Path) -> dict[str, list[Pin]]:
    """The pins of a lock written by `uv pip compile --generate-hashes`, by canonical name (a package pinned
    differently on some platforms or Pythons has several, each with its marker)."""
    pins: dict[str, list[Pin]] = {}
    current: Pin | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not line[:1].isspace() and stripped and not stripped.startswith("#"):
            match = PIN.match(line)
            assert match, f"{path.name}: not an exact pin: {line!r}"
            current = Pin(Version(match["version"]), match["marker"])
            pins.setdefault(canonicalize_name(match["name"]), []).append(current)
        elif current is not None and stripped.startswith("--hash="):
            current.hashes += 1
        elif current is not None and stripped.startswith("#"):
            via = stripped.lstrip("#").strip()
            if via.startswith("via "):
                via = via[len("via ") :]
            if via and via != "via":
                current.via.add(via)
    return pins


def project_requirements(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if extra is not None:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(r) for r in wanted]


LOCKS = [("requirements.lock", None), ("requirements-test.lock", "test")]


@pytest.mark.parametrize(("lock", "extra"), LOCKS)
def test_the_lock_pins_what_pyproject_asks_for(lock: str, extra: str | None) -> None:
    pins = read_lock(ROOT / lock)
    wrong = []
    for req in project_requirements(extra):
        found = pins.get(canonicalize_name(req.name))
        if not found:
            wrong.append(f"{req} is not in {lock}")
            continue
        wrong += [f"{req}: {lock} pins {p.version}" for p in found if not req.specifier.contains(p.version, True)]
    assert not wrong, f"{REFRESH}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("lock", "extra"), LOCKS)
def test_the_lock_holds_no_requirement_pyproject_dropped(lock: str, extra: str | None) -> None:
    direct = {name for name, found in read_lock(ROOT / lock).items() if any(PROJECT in p.via for p in found)}
    assert direct == {canonicalize_name(r.name) for r in project_requirements(extra)}, REFRESH


@pytest.mark.parametrize(("lock", "extra"), LOCKS)
def test_every_pin_has_its_hashes(lock: str, extra: str | None) -> None:
    unhashed = [name for name, found in read_lock(ROOT / lock).items() if any(p.hashes == 0 for p in found)]
    assert not unhashed, f"{lock}: no hash for {unhashed} (pip --require-hashes refuses them): run scripts/lock.sh"


def test_the_tests_run_the_versions_users_get() -> None:
    """Everything a user installs is pinned at the same version in the test lock."""
    shipped, tested = read_lock(ROOT / "requirements.lock"), read_lock(ROOT / "requirements-test.lock")
    differ = {
        name: ([str(p.version) for p in found], [str(p.version) for p in tested.get(name, [])])
        for name, found in shipped.items()
        if {(p.version, p.marker) for p in found} != {(p.version, p.marker) for p in tested.get(name, [])}
    }
    assert not differ, f"requirements.lock and requirements-test.lock pin differently: {differ}"


@pytest.mark.parametrize(("lock", "extra"), LOCKS)
def test_torch_if_ever_pulled_in_is_the_build_on_disk(lock: str, extra: str | None) -> None:
    versions = {p.version for p in read_lock(ROOT / lock).get("torch", [])}
    assert versions <= {TORCH}, f"{lock} pins torch {versions}: pin torch=={TORCH} in pyproject.toml"
