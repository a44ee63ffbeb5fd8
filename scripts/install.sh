#!/usr/bin/env bash
# Creates ./.venv and installs claimbase into it, its dependencies at the versions of the lock files
# (requirements.lock, or requirements-test.lock with --test; each file's hash checked). Runs again only when
# pyproject.toml or the lock changed. After a change of dependencies refresh the locks first: scripts/lock.sh.
# Usage: scripts/install.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
lock=requirements.lock
if [ "${1:-}" = "--test" ]; then
  extras="[test]"
  lock=requirements-test.lock
fi
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  echo "Installing claimbase${extras} into .venv from $lock ..."
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  .venv/bin/python -m pip install --quiet --no-deps -e .
  touch "$stamp"
fi
