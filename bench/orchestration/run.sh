#!/usr/bin/env bash
# Orchestration overhead benchmarks (docs/BENCHMARKS.md, "Orchestration overhead").
# usage: bench/orchestration/run.sh TRIALS SLOTS EPOCHS SLEEP_MS [BATCH_SIZE]
#   bench/orchestration/run.sh 2000 16 1 1000     # (a) bookkeeping, minimum 125 s
#   bench/orchestration/run.sh 96 96 5000 20      # (b) result throughput, minimum 100 s
#   bench/orchestration/run.sh 96 96 5000 20 1   # (b) with every result written on its own
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
cp=bench/orchestration/target/classpath.txt
mkdir -p bench/orchestration/target
# A reactor package, so the lab's test scope finds the dashboard's test jar in this build (a plain compile
# left it to ~/.m2 and failed on a fresh clone); nothing is installed. pekko-actor-testkit is test scope.
mvn -B -q -pl lab -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$(cat "$cp")" bench/orchestration/OrchestrationBench.java "$@"
