#!/usr/bin/env bash
# Builds and lints every Bicep file with the pinned Bicep CLI (NuGet package Azure.Bicep.CommandLine.linux-x64, restored
# into .tools/bicep). The CLI exits 0 on warnings, so any diagnostic line fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.49.2
packages="$PWD/.tools/bicep"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -x "$bicep" ]; then
  dotnet restore infra/tools/bicep.csproj --packages "$packages" >/dev/null
  chmod +x "$bicep"
fi
"$bicep" --version

diagnostics=$(mktemp)
output=$(mktemp -d)
trap 'rm -rf "$diagnostics" "$output"' EXIT
status=0
(cd infra && "$bicep" lint --pattern '**/*.bicep') >"$diagnostics" 2>&1 || status=$?
(cd infra && "$bicep" build --pattern '**/*.bicep' --outdir "$output") >>"$diagnostics" 2>&1 || status=$?

if [ "$status" -ne 0 ] || grep -Eq '(Warning|Error) [A-Za-z0-9-]+:' "$diagnostics"; then
  cat "$diagnostics" >&2
  echo "bicep: diagnostics found (exit $status)" >&2
  exit 1
fi
echo "bicep: every file builds and lints clean"
