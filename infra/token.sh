#!/usr/bin/env bash
# Mints a bearer token signed with this checkout's local key (infra/signing-key.sh), for local use:
#   infra/token.sh li.wei gxj reporter            → prints the token
#   TOKEN=$(infra/token.sh qian.jun fgj reviewer)
# Several roles: infra/token.sh admin.user fgj admin reviewer. Lifetime: QZ_TOKEN_HOURS (default 8).
# Plans: QZ_TOKEN_PLANS='qingzhou-*' (ids, prefixes or *, space-separated; default the seeded plans).
# The server is built only when its sources are newer than the last build.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 USER DEPARTMENT ROLE [ROLE…]" >&2; exit 2; }
user=$1 department=$2; shift 2
roles=(); for role in "$@"; do roles+=(--role "$role"); done
read -ra wanted <<< "${QZ_TOKEN_PLANS:-}"   # read, not word splitting: a * stays a *
plans=(); for plan in "${wanted[@]}"; do plans+=(--plan "$plan"); done
dll=$repo/src/QingzhouPlan.Server/bin/Release/net10.0/QingzhouPlan.Server.dll
if [ ! -f "$dll" ] || [ -n "$(find "$repo/src" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -newer "$dll" -print -quit)" ]; then
  dotnet build "$repo/src/QingzhouPlan.Server" -c Release -nologo -v quiet >/dev/null
fi
export Auth__SigningKey=${Auth__SigningKey:-$(bash "$repo/infra/signing-key.sh")}
cd "$repo/src/QingzhouPlan.Server"
dotnet "$dll" mint-token --user "$user" --department "$department" "${roles[@]}" "${plans[@]}" --hours "${QZ_TOKEN_HOURS:-8}"
