#!/usr/bin/env bash
# Runs every test of the solution. The tests start real Azurite (installed from npm at a pinned version into
# .tools/ by the test fixture) and real PostgreSQL (Debian's binaries, run from a temporary folder); this script
# installs Debian's PostgreSQL first when it is missing. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries are missing: run 'sudo apt-get install postgresql' first." >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! command -v npm >/dev/null; then
  echo "npm (Node.js) is missing: the tests install Azurite with it." >&2
  exit 1
fi

dotnet test Serverless.Vault.sln "$@"
