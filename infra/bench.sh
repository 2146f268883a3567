#!/usr/bin/env bash
# Benchmarks against raw baselines measured in the same run (docs/benchmarks.md). Starts the local
# services, builds in Release and prints one table. Not part of the test suite. `--quick` runs a
# smaller version (about a fifth of the volume) to check that everything works.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash infra/services.sh start
eval "$(bash infra/services.sh env)"
bash infra/web.sh
bash infra/browser.sh
dotnet build src/QingzhouPlan.Server -c Release -nologo -v quiet
dotnet run --project tests/QingzhouPlan.Benchmarks -c Release -- "$@"
