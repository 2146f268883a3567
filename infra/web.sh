#!/usr/bin/env bash
# Builds the monitoring page (src/QingzhouPlan.Web) into the server's static files, src/QingzhouPlan.Server/wwwroot:
# installs its npm packages from the lock file, then bundles with esbuild. Skipped when the bundle is newer
# than every source. Needs Node.js and npm (on these machines; Debian's nodejs/npm otherwise).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
web=$repo/src/QingzhouPlan.Web
bundle=$repo/src/QingzhouPlan.Server/wwwroot/app.js
if [ -f "$bundle" ] && [ -z "$(find "$web/src" "$web/public" "$web/package.json" "$web/build.mjs" -newer "$bundle" -print -quit)" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "[web] npm is needed to build the page (apt-get install nodejs npm)" >&2; exit 1; }
cd "$web"
[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
