#!/usr/bin/env bash
# PBT against ASHA with random search on the same fine-tune sweep and about the same epoch budget,
# through the product: starts a private standalone lab (free ports, its own data directory under a
# temp dir, no dashboard, the bundled sklearn digits), then bench/pbt/pbt_vs_asha.py submits both arms
# for each seed over the HTTP API and reads the results back from it. Prints a Markdown table and the
# paired differences; docs/BENCHMARKS.md has a run's output.
#
# usage: bench/pbt/run.sh [pbt_vs_asha.py options, e.g. --seeds 10 --k 3 --epochs 12 --population 8 --asha-trials 25
#        --interval 2 --quantile 0.25 --resample 0.25 (PBT's settings; tune them with --first-seed 101, not on the
#        reported seeds 1-10)]
# environment: PBT_SLOTS worker slots (default 8: the whole population at once, one OpenMP thread each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/tlab-pbt-bench.XXXXXX)"
DATA="$WORK/data"
SLOTS="${PBT_SLOTS:-8}"
source scripts/lab-start.sh
cleanup() {
  tlab_lab_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)" >&2
started="$(date +%s)"
tlab_lab_start pbt-bench "$DATA" --no-dashboard --no-fetch --slots "$SLOTS"
echo "lab at $lab_api (log $DATA/lab.log)" >&2
python3 bench/pbt/pbt_vs_asha.py --api "$lab_api" --token-file "$DATA/api-token" --slots "$SLOTS" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); whole script $(( $(date +%s) - started )) s" >&2
