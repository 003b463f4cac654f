#!/usr/bin/env bash
# Set up a development environment from nothing: a virtualenv with the migrator installed
# in editable mode and its test tools, and the npm toolchain the tests use to type-check
# generated projects (start-sdk 2.0.9, TypeScript 6.0, prettier; pinned by the lock file).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if command -v npm >/dev/null 2>&1; then
  (cd tests/typescript && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "bootstrap: npm not found; the TypeScript checks of the test suite will be skipped" >&2
fi
