#!/usr/bin/env bash
# Starts claimbase: installs it if needed, migrates ./claimbase.db (or $CLAIMBASE_DATABASE_URL),
# loads the sample articles into an empty database, and serves the API and web front end.
# Writes are open to this machine only (`serve --open` on 127.0.0.1); with --tokens every write needs an
# API token (`claimbase token create`), as it must when serving other machines (--host 0.0.0.0).
# Usage: scripts/start.sh [--host 127.0.0.1] [--port 8000] [--tokens]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
args=()
open=(--open)
for arg in "$@"; do
  if [ "$arg" = "--tokens" ]; then open=(); else args+=("$arg"); fi
done
exec .venv/bin/claimbase serve "${open[@]}" "${args[@]}"
