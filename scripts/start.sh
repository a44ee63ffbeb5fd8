#!/usr/bin/env bash
# Starts claimbase: installs it if needed, migrates ./claimbase.db (or $CLAIMBASE_DATABASE_URL) and serves
# the API and web front end. Your database never receives the fictional sample articles: with --demo, or
# on a first run where you have no database yet, the sample is served from ./claimbase-demo.db instead.
# Writes are open to this machine only (`--open` on 127.0.0.1); with --tokens every write needs an
# API token (`claimbase token create`), as it must when serving other machines (--host 0.0.0.0).
# Usage: scripts/start.sh [--demo] [--host 127.0.0.1] [--port 8000] [--tokens] [--database-url URL]
set -euo pipefail
cd "$(dirname "$0")/.."
command=serve
open=(--open)
args=()
for arg in "$@"; do
  case "$arg" in
    --demo) command=demo ;;
    --tokens) open=() ;;
    *) args+=("$arg") ;;
  esac
done
if [[ "$command" == serve && -z "${CLAIMBASE_DATABASE_URL:-}" && ! -e claimbase.db \
      && " ${args[*]-} " != *" --database-url"* ]]; then
  echo "No database of yours yet: showing the demo (fictional sample articles, ./claimbase-demo.db)." >&2
  echo "Add your own with: .venv/bin/claimbase ingest PATH   then run scripts/start.sh again." >&2
  command=demo
fi
scripts/install.sh
exec .venv/bin/claimbase "$command" ${open[@]+"${open[@]}"} ${args[@]+"${args[@]}"}
