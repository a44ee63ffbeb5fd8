#!/usr/bin/env bash
# Runs every check: ruff, then the test suite on SQLite and PostgreSQL, browser tests included.
# Installs what it needs first (the package with its test extras; Chromium from Debian when root).
# Extra arguments go to pytest, e.g. scripts/test.sh tests/api -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test

# Browser tests drive Debian's Chromium through Playwright (never Playwright's own download).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Chromium could not be installed: browser tests will skip." >&2
fi

# PostgreSQL tests use the local server (trust auth, as on these machines); start it if it is down.
if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null; then
    version=$(ls /etc/postgresql | sort -n | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi

.venv/bin/ruff check app tests benchmarks training migrations
exec .venv/bin/python -m pytest -q "$@"
