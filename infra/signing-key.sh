#!/usr/bin/env bash
# Prints this checkout's local token-signing key, making it on first use: 64 random hex characters in
# .local/signing-key (git-ignored, readable by its owner only). infra/start.sh and infra/token.sh share it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${QZ_STATE_DIR:-$repo/.local}/signing-key
if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file")
fi
cat "$file"
