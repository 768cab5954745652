#!/usr/bin/env bash
# README quick start, step 1: install minutes-ci into a virtual environment (.venv, or the active
# one) and check the example repository that ships with the project. The example has deliberate
# defects, so this ends with exit 1 and 5 errors, 1 warning, 1 notice (as the README says).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
python -m pip install -q .
echo "+ minutes-ci check examples/minutes" >&2
exec minutes-ci check examples/minutes
