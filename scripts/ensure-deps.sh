#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "==> Installing npm packages (native modules build from source; the first time takes a few minutes)"
  npm install --no-audit --no-fund --loglevel=error
fi
