#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, builds, and runs the whole test suite.
# Used as-is by CI (.ci/run) and by the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Redis-backed example test runs a real redis-server on loopback.
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (Debian) for the Redis-backed example test"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

npm ci --no-audit --no-fund
npm test
