#!/usr/bin/env bash
# The project's test command (README "Quick start"): lint, type-check the pure core, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m ruff check .
python3 -m mypy --strict checks
python3 -m pytest -q -p no:cacheprovider "$@"
