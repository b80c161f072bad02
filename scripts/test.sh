#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, builds, and runs the whole test suite.
# Used as-is by CI (.ci/run) and by the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests run for real: redis-server (the Redis-backed example), chromium (the browser a
# user gets by default; Playwright cannot download its own browser everywhere) and chromium-headless-shell
# (the same engine without the browser's UI, which most browser tests drive: half the CPU; vitest.config.ts).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian) for the tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm test
