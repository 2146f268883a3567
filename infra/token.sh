#!/usr/bin/env bash
# Mints a bearer token signed with the configured local key (Auth:SigningKey), for local use:
#   infra/token.sh li.wei gxj reporter            → prints the token
#   TOKEN=$(infra/token.sh qian.jun fgj reviewer)
# Several roles: infra/token.sh admin.user fgj admin reviewer. Lifetime: QZ_TOKEN_HOURS (default 8).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 USER DEPARTMENT ROLE [ROLE…]" >&2; exit 2; }
user=$1 department=$2; shift 2
roles=(); for role in "$@"; do roles+=(--role "$role"); done
dotnet build "$repo/src/QingzhouPlan.Server" -c Release -nologo -v quiet >/dev/null
cd "$repo/src/QingzhouPlan.Server"
dotnet bin/Release/net10.0/QingzhouPlan.Server.dll mint-token --user "$user" --department "$department" "${roles[@]}" --hours "${QZ_TOKEN_HOURS:-8}"
