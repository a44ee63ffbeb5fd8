#!/usr/bin/env bash
# Creates ./.venv and installs claimbase into it (again only when pyproject.toml changed).
# Usage: scripts/install.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing claimbase${extras} into .venv ..."
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  touch "$stamp"
fi
