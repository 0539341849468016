#!/usr/bin/env bash
# Orchestration overhead benchmarks (docs/BENCHMARKS.md, "Orchestration overhead").
# usage: bench/orchestration/run.sh TRIALS SLOTS EPOCHS SLEEP_MS [BATCH_SIZE]
#   bench/orchestration/run.sh 2000 16 1 1000     # (a) bookkeeping, minimum 125 s
#   bench/orchestration/run.sh 96 96 5000 20      # (b) result throughput, minimum 100 s
#   bench/orchestration/run.sh 96 96 5000 20 1   # (b) with every result written on its own
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cp=bench/orchestration/target/classpath.txt
if [ ! -f "$cp" ]; then
  mkdir -p bench/orchestration/target
  mvn -B -q -o -pl lab -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/$cp" -Dmdep.includeScope=test
fi
# Reactor modules resolve to their target/classes in that build; pekko-actor-testkit comes from the test scope.
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$(cat "$cp")" bench/orchestration/OrchestrationBench.java "$@"
