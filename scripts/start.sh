#!/usr/bin/env bash
# `npm start`: install what is missing, build, and run Argus on embedded defaults (SQLite, no Redis).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh ffmpeg nginx libnginx-mod-rtmp
bash scripts/ensure-deps.sh
echo "==> Building"
npm run build --silent
exec node server/dist/src/main.js "$@"
