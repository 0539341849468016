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
#              TRANSFERABILITY_RESCORE=N also scores each body on N training examples per class (default 100; 0: off),
#              TRANSFERABILITY_KEEP=1 keeps the temp dir (lab log, database)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${TRANSFERABILITY_OUT:-$ROOT/docs/RESULTS.md}"
SLOTS="${TRANSFERABILITY_SLOTS:-2}"
WORK="$(mktemp -d /tmp/tlab-transferability.XXXXXX)"
DATA="$WORK/data"
mkdir -p "$DATA/datasets"
source scripts/lab-start.sh
cleanup() {
  tlab_lab_stop
  if [ "${TRANSFERABILITY_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ -n "${1:-}" ]; then
  [ -d "$1/datasets/mnist" ] || { echo "transferability.sh: $1/datasets/mnist not found" >&2; exit 2; }
  cp -r "$1/datasets/." "$DATA/datasets/"
fi
scripts/fetch-data.sh "$DATA" mnist >&2   # verifies a copy (sha256), fetches only what is missing

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date +%s)"
tlab_lab_start transferability.sh "$DATA" --no-dashboard --no-fetch --slots "$SLOTS"
echo "lab at $lab_api (log $DATA/lab.log)" >&2
machine="Machine: $(nproc) cores, CPU only, $SLOTS worker slots, commit $(git rev-parse --short HEAD), full MNIST; \
shared with other engineers' builds: load average (1/5/15 min) before the run $load_before"
python3 bench/transferability.py --api "$lab_api" --token-file "$DATA/api-token" --specs bench/transferability \
  --out "$OUT" --machine "$machine" --rescore "${TRANSFERABILITY_RESCORE:-100}" --command "bench/transferability.sh $*"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); whole script $(( $(date +%s) - started )) s" >&2
