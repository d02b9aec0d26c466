#!/usr/bin/env bash
# Run every test. Starts what the tests need that pip cannot install (Chromium for the
# browser tests comes from Debian when it is missing). The Chroma server is started by
# the tests themselves (tests/conftest.py) from the chromadb package in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
