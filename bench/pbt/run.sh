#!/usr/bin/env bash
# PBT against ASHA with random search on the same fine-tune sweep and about the same epoch budget,
# through the product: starts a private standalone lab with bench/lab.sh, as the other bench scripts
# do (free ports, its own data directory under a temp dir, no dashboard, the bundled sklearn digits),
# then bench/pbt/pbt_vs_asha.py submits both arms for each seed over the HTTP API and reads the
# results back from it. Prints a Markdown table and the
# paired differences; docs/BENCHMARKS.md has a run's output.
#
# usage: bench/pbt/run.sh [pbt_vs_asha.py options, e.g. --seeds 10 --k 3 --epochs 12 --population 8 --asha-trials 25
#        --interval 1 --quantile 0.5 --explore bandit (PBT's settings; tune them with --first-seed 101, not on the
#        reported seeds 1-20); --optimizer, --momentum, --batch, --lr, --body-lr change the sweep]
# environment: PBT_SLOTS worker slots (default 8: the whole population at once, one OpenMP thread each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SLOTS="${PBT_SLOTS:-8}"
source bench/lab.sh

echo "commit $(git rev-parse --short HEAD)" >&2
bench_lab_start pbt-bench "$SLOTS" 0 0
echo "load average before: $load_before" >&2
python3 bench/pbt/pbt_vs_asha.py --api "$lab_api" --token-file "$DATA/api-token" --slots "$SLOTS" "$@"
bench_lab_done
