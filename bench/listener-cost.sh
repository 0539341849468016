#!/usr/bin/env bash
# Cost of per-epoch reporting through ProgressListener relative to training steps (MLP 784-1000-10,
# batch 100, 1 thread). See ListenerCost.java for what is timed.
#
# usage: bench/listener-cost.sh [SAMPLES] [ROUNDS] [EPOCHS]   (default 300 samples, 5 rounds of 3 epochs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
OMP_NUM_THREADS=1 "$JAVA" -Xmx2g -cp "$CP" org.transferlab.experiments.bench.ListenerCost "${1:-300}" "${2:-5}" "${3:-3}" 2>/dev/null \
    | grep -vE "^(WARN|\\[)" | grep -E "^(step|listener|validation|minibatch|whole|RESULT)"
