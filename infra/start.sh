#!/usr/bin/env bash
# Starts everything: local PostgreSQL and InfluxDB, then the API with its co-hosted Orleans silo.
# The 2024 plan in seeds/ is loaded into the event store on the first start; with --demo, a scripted
# year of reports follows, so the dashboards and reports have something to show. Ctrl-C stops the API;
# `infra/services.sh stop` stops the databases.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
port=${QZ_PORT:-5080}
url="http://127.0.0.1:$port"

# --demo: fill an empty store with the scripted year (a plausible 2024 of reports, corrections, adjustments).
# The page's development sign-in (pick a user, department and role) is for this local launcher only;
# QZ_DEV_SIGN_IN=false turns it off, and a deployment signs in through Auth__Authority instead.
args=(--Dashboard:DevSignIn="${QZ_DEV_SIGN_IN:-true}")
for arg in "$@"; do
  case "$arg" in
    --demo) args+=(--Demo:ScriptedYear=true --Seeds:RecordAtAdoption=true) ;;
    *) args+=("$arg") ;;
  esac
done

bash infra/services.sh start
eval "$(bash infra/services.sh env)"

# Outside Development the server refuses the public built-in signing key: this machine gets its own, made
# once and kept in .local/ (git-ignored), which infra/token.sh signs with too.
export Auth__SigningKey=${Auth__SigningKey:-$(bash infra/signing-key.sh)}

bash infra/web.sh
dotnet build src/QingzhouPlan.Server -c Release -nologo -v quiet
dotnet run --project src/QingzhouPlan.Server -c Release --no-build --no-launch-profile -- --urls "$url" "${args[@]}" &
api=$!
trap 'kill "$api" 2>/dev/null; wait "$api" 2>/dev/null' INT TERM EXIT

healthy=0
for _ in $(seq 1 180); do
  if curl -fsS "$url/health" >/dev/null 2>&1; then
    printf '\nQingzhouPlan is up:\n  dashboard  %s/\n  API docs   %s/docs\n  plan       %s/api/plans/qingzhou-2024/indicators\n  health     %s/health\n  metrics    %s/metrics\n\n' "$url" "$url" "$url" "$url" "$url"
    healthy=1
    break
  fi
  kill -0 "$api" 2>/dev/null || { echo "the API exited during start: its log above says why" >&2; exit 1; }
  sleep 0.5
done
if [ "$healthy" -eq 0 ]; then
  echo "the API did not become healthy within 90 s; /health answers: $(curl -sS "$url/health" 2>&1 || true)" >&2
  echo "services: $(bash infra/services.sh status | tr '\n' ' ')" >&2
  exit 1
fi
wait "$api"
