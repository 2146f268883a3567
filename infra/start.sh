#!/usr/bin/env bash
# Starts everything: local PostgreSQL, InfluxDB and Redis, then the API with its co-hosted Orleans silo.
# The 2024 plan in seeds/ is loaded into the event store on the first start; with --demo, a scripted
# year of reports follows, so the dashboards and reports have something to show. With --silos N, N
# processes form one cluster through Redis, each serving the API on its own port (5080, 5081, …), with
# one InfluxDB writer among them. Ctrl-C stops the API; `infra/services.sh stop` stops the databases.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
port=${QZ_PORT:-5080}
url="http://127.0.0.1:$port"

# --demo: fill an empty store with the scripted year (a plausible 2024 of reports, corrections, adjustments).
# The page's development sign-in (pick a user, department and role) is for this local launcher only;
# QZ_DEV_SIGN_IN=false turns it off, and a deployment signs in through Auth__Authority instead.
# Entry windows: the seed plan's periods closed for entry long ago, so the launcher records them opened (--Seeds:OpenWindows).
args=(--Dashboard:DevSignIn="${QZ_DEV_SIGN_IN:-true}" --Seeds:OpenWindows=true)
first_only=()
silos=1
witness=false
while [ $# -gt 0 ]; do
  case "$1" in
    # The scripted year moves its process's business clock: one silo runs it.
    --demo) first_only+=(--Demo:ScriptedYear=true --Seeds:RecordAtAdoption=true) ;;
    --silos) silos=${2:?--silos needs a number}; shift ;;
    # A local witness (qzverify witness) that cosigns the log's checkpoints, with its own key in .local/witness/.
    --witness) witness=true ;;
    --silos=*) silos=${1#--silos=} ;;
    *) args+=("$1") ;;
  esac
  shift
done
[[ $silos =~ ^[1-9][0-9]?$ ]] || { echo "--silos takes a number from 1 to 99" >&2; exit 2; }
# The scripted year pins its own process's business clock, which grains on other silos would not share.
if [ "$silos" -gt 1 ] && [ ${#first_only[@]} -gt 0 ]; then
  echo "--demo runs on one silo only: start it without --silos, or the cluster without --demo" >&2
  exit 2
fi

bash infra/services.sh start
eval "$(bash infra/services.sh env)"

# Locally signed-in users cover every year of the seeded places' plans (qingzhou-2024 → qingzhou-*), so next year's
# plan read from its document (计划草案) can be adopted and opened; a deployment sets Auth__Plans itself.
if [ -z "${Auth__Plans:-}" ]; then
  Auth__Plans=$(sed -n 's/^  id: *\(.*\)-[0-9]\{4\} *$/\1-*/p' seeds/plan-*.yaml | sort -u | paste -sd';')
  export Auth__Plans
fi

# Outside Development the server refuses the public built-in signing key: this machine gets its own, made
# once and kept in .local/ (git-ignored), which infra/token.sh signs with too.
export Auth__SigningKey=${Auth__SigningKey:-$(bash infra/signing-key.sh)}

# The transparency log's signing key: a file outside PostgreSQL, made once (docs/transparency-log.md).
export Transparency__KeyFile=${Transparency__KeyFile:-$repo/.local/log-key}
origin=${Transparency__Origin:-qingzhouplan.local/log}

bash infra/web.sh
# The CJK font the report documents (PDF) embed.
bash infra/browser.sh --fonts
dotnet build src/QingzhouPlan.Server -c Release -nologo -v quiet
dotnet build src/QingzhouPlan.Verifier -c Release -nologo -v quiet
qzverify=(dotnet src/QingzhouPlan.Verifier/bin/Release/net10.0/qzverify.dll)
[ -f "$Transparency__KeyFile" ] || "${qzverify[@]}" keygen "$Transparency__KeyFile" --name "$origin" >/dev/null
log_key=$("${qzverify[@]}" pubkey "$Transparency__KeyFile")
if [ "$witness" = true ]; then
  mkdir -p .local/witness
  [ -f .local/witness/key ] || "${qzverify[@]}" keygen .local/witness/key --name local.witness/w1 --cosigner >/dev/null
  "${qzverify[@]}" witness --key-file .local/witness/key --key "$log_key" --dir .local/witness/state --listen http://127.0.0.1:5090 &
  witness_pid=$!
  export Transparency__Witnesses__0="http://127.0.0.1:5090 $("${qzverify[@]}" pubkey .local/witness/key)"
fi
if [ "$silos" -gt 1 ]; then
  # One cluster: membership and reminders in Redis, Marten's daemon in HotCold mode (one InfluxDB writer).
  # A silo that misses two 2 s probes is declared dead (Orleans' default: three of 5 s).
  export Cluster__Membership=redis Marten__Daemon=HotCold Orleans__ClusterId=${Orleans__ClusterId:-qingzhouplan-local}
  export Orleans__ProbeTimeoutSeconds=${Orleans__ProbeTimeoutSeconds:-2} Orleans__MissedProbesLimit=${Orleans__MissedProbesLimit:-2}
fi
pids=()
urls=()
[ -n "${witness_pid:-}" ] && pids+=("$witness_pid")
trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null' INT TERM EXIT
for i in $(seq 0 $((silos - 1))); do
  silo_url="http://127.0.0.1:$((port + i))"
  extra=()
  [ "$i" -eq 0 ] && extra=("${first_only[@]}")
  Orleans__SiloPort=$((11111 + i)) \
    dotnet run --project src/QingzhouPlan.Server -c Release --no-build --no-launch-profile -- --urls "$silo_url" "${args[@]}" "${extra[@]}" &
  pids+=($!)
  urls+=("$silo_url")
done

for i in "${!urls[@]}"; do
  u=${urls[$i]}
  healthy=0
  for _ in $(seq 1 180); do
    if curl -fsS "$u/health" >/dev/null 2>&1; then healthy=1; break; fi
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "the API at $u exited during start: its log above says why" >&2; exit 1; }
    sleep 0.5
  done
  if [ "$healthy" -eq 0 ]; then
    echo "the API at $u did not become healthy within 90 s; /health answers: $(curl -sS "$u/health" 2>&1 || true)" >&2
    echo "services: $(bash infra/services.sh status | tr '\n' ' ')" >&2
    exit 1
  fi
done
printf '\nQingzhouPlan is up:\n  dashboard  %s/\n  API docs   %s/docs\n  plan       %s/api/plans/qingzhou-2024/indicators\n  health     %s/health\n  metrics    %s/metrics\n' "$url" "$url" "$url" "$url" "$url"
[ "$silos" -gt 1 ] && printf '  silos      %s (each serves the API; cluster: %s/api/admin/cluster)\n' "${urls[*]}" "$url"
printf '  log key    %s\n             (publish it: auditors check checkpoints and editions with it; docs/transparency-log.md)\n' "$log_key"
[ "$witness" = true ] && printf '  witness    http://127.0.0.1:5090 (its state in .local/witness/)\n'
true
if [ "${QZ_DEV_SIGN_IN:-true}" = true ]; then
  printf '\n  The development sign-in is ON: anyone on this machine can sign in as anyone (only through\n'
  printf '  http://127.0.0.1 or http://localhost). To turn it off: QZ_DEV_SIGN_IN=false infra/start.sh\n'
fi
printf '\n'
wait "${pids[@]}"
