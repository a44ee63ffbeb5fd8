#!/usr/bin/env bash
# Starts claimbase: installs it if needed, migrates ./claimbase.db (or $CLAIMBASE_DATABASE_URL),
# loads the sample articles into an empty database, and serves the API and web front end.
# Usage: scripts/start.sh [--host 127.0.0.1] [--port 8000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/claimbase serve "$@"
