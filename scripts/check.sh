#!/usr/bin/env bash
# Format, lint, types, tests: what `make test` and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
"$BIN/ruff" format --check .
"$BIN/ruff" check .
"$BIN/mypy"
"$BIN/python" -m pytest "$@"
