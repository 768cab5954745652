#!/usr/bin/env bash
# The project's test command (README "Quick start"): lint, type-check the pure core, run the tests.
# It runs with the active virtual environment, else the checkout's .venv (made by .ci/run or
# scripts/quickstart.sh), else python3.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "${VIRTUAL_ENV}/bin/python" ]; then PY="${VIRTUAL_ENV}/bin/python"
elif [ -x .venv/bin/python ]; then PY=.venv/bin/python
else PY=python3
fi
# tests start the console scripts (minutes-ci, pre-commit) by name: the interpreter's bin first
case "$PY" in */*) PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"; export PATH ;; esac
"$PY" -m ruff check .
"$PY" -m mypy --strict checks
"$PY" -m pytest -q -p no:cacheprovider "$@"
