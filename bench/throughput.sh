#!/usr/bin/env bash
# DL4J vs PyTorch training throughput (samples/s), MLP 784-1000-10 and LeNet, batch 100, CPU, and
# one trial with 2 threads vs two concurrent trials with 1 thread each. DL4J and PyTorch alternate
# A/B/A/B in one run, each with the same thread count (OMP_NUM_THREADS set before ND4J loads;
# torch.set_num_threads from it). Output lines starting with RESULT go into docs/BENCHMARKS.md.
#
# usage: bench/throughput.sh [ROUNDS]   (default 3; about 3 minutes a round on a quiet machine)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
ROUNDS="${1:-3}"
JOPTS=(-Xmx2g -Dorg.bytedeco.javacpp.maxbytes=3G)
dl4j() { OMP_NUM_THREADS="$1" "$JAVA" "${JOPTS[@]}" -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput "${@:2}" 2>/dev/null | grep RESULT; }
torch() { OMP_NUM_THREADS="$1" "$PYTHON" "$ROOT/bench/torch_throughput.py" "${@:2}" | grep RESULT; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
    echo "## round $r"
    dl4j 1 mlp 300 5 100
    torch 1 mlp 300 5 100
    dl4j 1 lenet 5 5 3
    torch 1 lenet 5 5 3
done
echo "## one trial, 2 threads, vs two concurrent trials, 1 thread each (MLP)"
for r in $(seq "$ROUNDS"); do
    dl4j 2 mlp 300 5 100 | sed 's/^/single-2t /'
    dl4j 1 mlp 300 5 100 | sed 's/^/pair-a-1t /' &
    dl4j 1 mlp 300 5 100 | sed 's/^/pair-b-1t /'
    wait
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
