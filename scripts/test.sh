#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, builds, and runs the whole test suite.
# Used as-is by CI (.ci/run) and by the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests run for real: redis-server (the Redis-backed example) and chromium (the browser a
# user gets by default; Playwright cannot download its own browser everywhere). chromium-headless-shell is
# the same engine without the browser's UI, which most browser tests drive at half the CPU
# (test/fixtures/test-browser.ts): wanted, not required — without it they drive chromium.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
wanted=()
[ -x /usr/bin/chromium-headless-shell ] || wanted+=(chromium-headless-shell)
all=("${missing[@]}" "${wanted[@]}")
if [ ${#all[@]} -gt 0 ]; then
  echo "installing ${all[*]} (Debian) for the tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ ${#wanted[@]} -gt 0 ] && ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null; then
    echo "${wanted[*]} could not be installed: the browser tests drive chromium instead (slower)"
  fi
fi

npm ci --no-audit --no-fund
npm test
