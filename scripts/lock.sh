#!/usr/bin/env bash
# Refreshes the lock files from pyproject.toml: requirements.lock (what claimbase needs) and
# requirements-test.lock (that plus the test extra), every version pinned with the hashes of its files.
# scripts/install.sh installs from them; tests/test_lock.py fails when pyproject.toml and the locks disagree.
#
# Anyone who adds, removes or changes a dependency in pyproject.toml must run this and commit both locks.
# With no argument pinned versions are kept where pyproject.toml still allows them; --upgrade takes the newest
# releases it allows. The locks hold for Python 3.11 and newer on every platform (--universal: a package needed
# only somewhere, or pinned differently on a newer Python, carries a marker). uv resolves them (about 6 s);
# it is pinned to one release (fetched into ./.lock-tools once), so everyone who refreshes the locks gets the
# same resolution.
# Usage: scripts/lock.sh [--upgrade]
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
PYTHON_VERSION=3.11
tools=.lock-tools
if [ "$("$tools/bin/uv" --version 2>/dev/null)" != "uv $UV_VERSION" ]; then
  rm -rf "$tools"
  "${PYTHON:-python3}" -m pip install -qq --disable-pip-version-check --root-user-action=ignore --target "$tools" "uv==$UV_VERSION"
fi
upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)
compile() {
  # Nothing here needs torch. Should a dependency ever pull it in, pin torch==2.13.0 in pyproject.toml (the
  # CPU build lies on these machines' disk); a newer one is a CUDA build of several GB (tests/test_lock.py).
  "$tools/bin/uv" pip compile pyproject.toml --quiet --universal --generate-hashes --python-version "$PYTHON_VERSION" \
    --custom-compile-command "scripts/lock.sh" ${upgrade[@]+"${upgrade[@]}"} "$@"
}
compile --output-file requirements.lock
compile --extra test --output-file requirements-test.lock
echo "requirements.lock: $(grep -c '^[a-z0-9]' requirements.lock) packages;" \
  "requirements-test.lock: $(grep -c '^[a-z0-9]' requirements-test.lock) packages"
