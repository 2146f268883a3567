#!/usr/bin/env bash
# Runs every test against real services: starts the local PostgreSQL, InfluxDB and Redis (installing them
# when missing), runs the solution's tests, and ends with "tests: N passed, N failed".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Plans").
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

bash infra/services.sh start
eval "$(bash infra/services.sh env)"
# The page's bundle (npm) and a real browser for its tests (Debian's chromium), the spreadsheet programs
# the form tests run, and the OpenID Connect provider the sign-in tests run (npm oidc-provider).
bash infra/web.sh
bash infra/browser.sh
(cd tests/identity-provider && { [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; })

results=$repo/.local/test-results
rm -rf "$results"
status=0
export QZ_SCREENSHOTS=$results/screenshots
dotnet test QingzhouPlan.sln -c Release --logger trx --results-directory "$results" "$@" || status=$?

# The counts come from the TRX files the runs wrote, summed over the test projects.
read -r total passed failed < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d\n", c["total"], c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"] }'
)
[ "$total" -gt 0 ] || { echo "no test ran" >&2; status=1; }
[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit "$status"
