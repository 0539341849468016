#!/usr/bin/env bash
# Where a DL4J training step spends its time, function by function: async-profiler (Maven Central
# tools.profiler:async-profiler, fetched into ~/.m2 on first use) attached to TrainingThroughput on
# one thread, CPU time sampled every millisecond (itimer, so it works without perf_events). Prints,
# for the samples inside the network's fit only (bench/profile_summary.py), the share of each
# DL4J layer method and of each leaf frame (native kernels by symbol) for each configuration:
#   lab     the build a lab on this machine runs (NativeVariant's choice, layer helpers on)
#   m2      DL4J as it ships: generic build, helpers off
# and writes the tables (bench/results/profile/MODEL-CONFIG.md) and the collapsed stacks beside them.
#
# usage: bench/profile.sh [MODEL] [STEPS]   (default lenet 60; MODEL = mlp | lenet | vgg)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
MODEL="${1:-lenet}"
STEPS="${2:-60}"
AP_VERSION=4.2
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
[ -f "$AP_JAR" ] || (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION -Dtransitive=false >/dev/null)
OUT="$ROOT/bench/results/profile"
mkdir -p "$OUT" "$OUT/lib"
unzip -q -o "$AP_JAR" 'linux-x64/libasyncProfiler.so' -d "$OUT/lib"
AGENT="$OUT/lib/linux-x64/libasyncProfiler.so"

profile() { # name, extra java options...
    local name="$1"; shift
    OMP_NUM_THREADS=1 "$JAVA" -Xmx2g "$@" \
        -agentpath:"$AGENT=start,event=itimer,interval=1ms,collapsed,file=$OUT/$MODEL-$name.collapsed" \
        -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput "$MODEL" 5 1 "$STEPS" 2>/dev/null | grep RESULT
    echo "### $MODEL, $name"
    "$PYTHON" "$ROOT/bench/profile_summary.py" "$OUT/$MODEL-$name.collapsed" 15 | tee "$OUT/$MODEL-$name.md"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
profile lab
TLAB_ND4J_VARIANT=generic profile m2 -Dorg.eclipse.deeplearning4j.helpers.disable=true
