#!/usr/bin/env bash
# Measures how well the transferability stage's LogME ranking predicts the fine-tuned result, through
# the product: starts a private standalone lab (free ports, its own data directory under a temp dir, no
# dashboard), submits bench/transferability/*.yaml over the HTTP API, waits, and writes docs/RESULTS.md's
# transferability section from the API only (bench/transferability.py).
#
# usage: bench/transferability.sh [DATA_DIR]
#   DATA_DIR   an existing data directory whose datasets/ are copied in (e.g. /tmp/fresh-data); without
#              it the full MNIST is fetched with scripts/fetch-data.sh
# environment: TRANSFERABILITY_OUT (default docs/RESULTS.md), TRANSFERABILITY_SLOTS (default 2),
#              TRANSFERABILITY_SPECS folder of specs to submit (default bench/transferability; a smaller one checks the script),
#              TRANSFERABILITY_RESCORE=N also scores each body on N training examples per class (default 100; 0: off),
#              TRANSFERABILITY_KEEP=1 keeps the temp dir (lab log, database)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${TRANSFERABILITY_OUT:-$ROOT/docs/RESULTS.md}"
SLOTS="${TRANSFERABILITY_SLOTS:-2}"
source bench/lab.sh
bench_lab_start transferability "$SLOTS" "${TRANSFERABILITY_KEEP:-0}" 1 "${1:-}"
machine="Machine: $(nproc) cores, CPU only, $SLOTS worker slots, commit $(git rev-parse --short HEAD), full MNIST; \
shared with other engineers' builds: load average (1/5/15 min) before the run $load_before"
python3 bench/transferability.py --api "$lab_api" --token-file "$DATA/api-token" --specs "${TRANSFERABILITY_SPECS:-bench/transferability}" \
  --out "$OUT" --machine "$machine" --rescore "${TRANSFERABILITY_RESCORE:-100}" --command "bench/transferability.sh $*"
bench_lab_done
