#!/usr/bin/env bash
# DL4J vs PyTorch training throughput (samples/s), batch 100, CPU: MLP 784-1000-10, LeNet and the
# vgg preset (3x3 convolutions with batch norm). Side by side in one run, alternating:
#   dl4j       the build a lab on this machine runs (NativeVariant's choice, layer helpers on)
#   dl4j-m2    DL4J as it ships: generic native build, layer helpers off (DL4J 1.0.0-M2.1's default)
#   torch      Debian's PyTorch with the same thread count
# then one trial with 2 threads against two concurrent trials with 1 thread each (MLP and LeNet).
# OMP_NUM_THREADS is set before ND4J loads; torch.set_num_threads from it. Lines starting with
# RESULT go into docs/BENCHMARKS.md.
#
# usage: bench/throughput.sh [ROUNDS]   (default 3; about 4 minutes a round on a quiet 2-core machine)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
ROUNDS="${1:-3}"
JOPTS=(-Xmx2g -Dorg.bytedeco.javacpp.maxbytes=3G)
dl4j() { OMP_NUM_THREADS="$1" "$JAVA" "${JOPTS[@]}" -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput "${@:2}" 2>/dev/null | grep RESULT; }
dl4j_m2() {
    OMP_NUM_THREADS="$1" TLAB_ND4J_VARIANT=generic "$JAVA" "${JOPTS[@]}" -Dorg.eclipse.deeplearning4j.helpers.disable=true \
        -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput "${@:2}" 2>/dev/null | grep RESULT | sed 's/RESULT dl4j /RESULT dl4j-m2 /'
}
torch() { OMP_NUM_THREADS="$1" "$PYTHON" "$ROOT/bench/torch_throughput.py" "${@:2}" | grep RESULT; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
OMP_NUM_THREADS=1 "$JAVA" "${JOPTS[@]}" -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput mlp 1 1 1 2>&1 \
    | grep -o "ND4J native library: .*" | head -1 | sed 's/^/# /'
for r in $(seq "$ROUNDS"); do
    echo "## round $r"
    for model in "mlp 300 5 100" "lenet 10 5 10" "vgg 5 5 5"; do
        dl4j 1 $model
        dl4j_m2 1 $model
        torch 1 $model
    done
done
echo "## one trial, 2 threads, vs two concurrent trials, 1 thread each"
for r in $(seq "$ROUNDS"); do
    for model in "mlp 300 5 100" "lenet 10 5 10"; do
        dl4j 2 $model | sed 's/^/single-2t /'
        dl4j 1 $model | sed 's/^/pair-a-1t /' &
        dl4j 1 $model | sed 's/^/pair-b-1t /'
        wait
    done
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
