#!/usr/bin/env bash
# `npm test`: install what the tests need, build, check lint and the API contract, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh ffmpeg nginx libnginx-mod-rtmp chromium \
  gir1.2-gst-rtsp-server-1.0 python3-gi python3-gst-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad
bash scripts/ensure-deps.sh
echo "==> Building"
npm run build --silent
(cd web && rm -rf test-dist && npx tsc -p tsconfig.test.json && echo '{"type":"commonjs"}' > test-dist/package.json)
echo "==> Lint and format"
npx eslint --max-warnings 0 .
npx prettier --check --log-level warn .
echo "==> API contract (docs/openapi.json and the web client must match the code)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node server/dist/src/openapi/emit.js "$tmp/openapi.json"
if ! diff -q docs/openapi.json "$tmp/openapi.json" >/dev/null; then
  diff -u docs/openapi.json "$tmp/openapi.json" | head -40
  echo "docs/openapi.json is out of date: run 'npm run openapi' and commit the result." >&2
  exit 1
fi
npx openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null 2>&1
if ! diff -q web/src/api/schema.d.ts "$tmp/schema.d.ts" >/dev/null; then
  echo "web/src/api/schema.d.ts is out of date: run 'npm run openapi' and commit the result." >&2
  exit 1
fi
echo "==> Tests (unit, integration on SQLite/MariaDB/PostgreSQL, property-based, browser end-to-end)"
mapfile -t files < <(find server/dist web/test-dist -name '*.test.js' | sort; ls e2e/*.test.mjs)
node --test --test-concurrency=1 "${files[@]}"
