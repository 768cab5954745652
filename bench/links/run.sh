#!/usr/bin/env bash
# Link-checking benchmark: minutes-ci audit beside lychee on the synthetic corpus, in one run.
#
#   bash bench/links/run.sh            # 3 repetitions each (about 4 minutes on 2 cores)
#   REPS=1 bash bench/links/run.sh     # quick run
#
# Uses ../shared/bench (loopback server on 127.0.0.1-127.0.0.6, corpus generator, scoring); lychee
# must be installed there first (`INSTALL_ONLY=1 bash ../shared/bench/run_anchors.sh`). Every
# request goes to the loopback server, which exits by itself.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SHARED="${SHARED:-$(cd "$HERE/../../../shared/bench" && pwd)}"
CORPUS="${CORPUS:-/tmp/bench-corpus}"
REPS="${REPS:-3}"
OUT="${OUT:-/tmp/minutes-ci-bench-links}"
MCI="${MINUTES_CI:-$(command -v minutes-ci)}"
[[ -f "$CORPUS/ground_truth.json" ]] || python3 "$SHARED/gen_corpus.py" --out "$CORPUS"
mkdir -p "$OUT"
MINUTES_CI="$MCI" python3 "$SHARED/measure.py" --corpus "$CORPUS" --reps "$REPS" --results "$OUT" --work "$OUT/runs" \
  --only "lychee;lychee --host-request-interval 0ms --host-concurrency 128;py_http_floor.py reference (aiohttp 64 concurrent);minutes-ci"
