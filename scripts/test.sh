#!/usr/bin/env bash
# Run every test. Starts what the tests need that pip cannot install (Chromium for the
# browser tests comes from Debian when it is missing). The Chroma server is started by
# the tests themselves (tests/conftest.py) from the chromadb package in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
# Browser tests of the web chat drive Debian's chromium; the team-mode tests start a real
# PostgreSQL from Debian's packages (initdb/pg_ctl in a temporary folder). CI runs as root.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
mkdir -p test-output/screenshots
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
