#!/usr/bin/env bash
# Regenerates docs/RESULTS.md's "Through the product" part the way a user would get it: starts a private
# standalone lab (free ports, its own data directory under a temp dir, no dashboard), submits every
# bench/results/specs/*.yaml over the HTTP API with the lab's token, waits for each experiment, and writes
# the tables from the API's comparison and export routes only (bench/results.py). Nothing is trained
# outside the lab's orchestrator and workers.
#
# usage: bench/results.sh [--no-fetch] [DATA_DIR]
#   DATA_DIR    an existing data directory whose datasets/ are copied in (e.g. ./tlab-data after
#               scripts/fetch-data.sh); without it the full MNIST is fetched with scripts/fetch-data.sh
#   --no-fetch  fetch nothing: the lab uses its bundled MNIST subset (smoke runs only)
# environment:
#   RESULTS_SCALE=full|smoke|one-seed   smoke caps epochs, repeats and sample sizes (bench/results.py SMOKE_CAPS)
#                              to check the pipeline in minutes (its numbers are not results); one-seed
#                              runs the full budget with repeats: 1, to measure what a full run costs
#   RESULTS_OUT                file to write (default docs/RESULTS.md)
#   RESULTS_SPECS              folder of specs to submit (default bench/results/specs)
#   RESULTS_EXPORTS            folder to save each experiment's comparison and export JSON in (default: none)
#   RESULTS_SLOTS              the lab's worker slots (default 2: one per core, OMP_NUM_THREADS=1)
#   RESULTS_KEEP=1             keep the temp dir (lab log, database) for inspection
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FETCH=1
SOURCE_DATA=""
for arg in "$@"; do
  case "$arg" in
    --no-fetch) FETCH=0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) SOURCE_DATA="$arg" ;;
  esac
done
SCALE="${RESULTS_SCALE:-full}"
OUT="${RESULTS_OUT:-$ROOT/docs/RESULTS.md}"
SLOTS="${RESULTS_SLOTS:-2}"

source bench/lab.sh
bench_lab_start results "$SLOTS" "${RESULTS_KEEP:-0}" "$FETCH" "$SOURCE_DATA"
API="$lab_api"

cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
machine="Machine: $(nproc) cores ($cpu), $(awk '/^MemTotal:/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), CPU only, \
$SLOTS worker slots, OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}, commit $(git rev-parse --short HEAD), \
data: $( [ "$FETCH" = 1 ] || [ -n "$SOURCE_DATA" ] && echo full MNIST || echo bundled MNIST subset); \
load average (1/5/15 min) before the run: $load_before"
command="bench/results.sh $*"
[ "$SCALE" = full ] || command="RESULTS_SCALE=$SCALE $command"

python3 bench/results.py --api "$API" --token-file "$DATA/api-token" --specs "${RESULTS_SPECS:-bench/results/specs}" --out "$OUT" --exports "${RESULTS_EXPORTS:-}" \
  --scale "$SCALE" --machine "$machine" --command "$command"
bench_lab_done
