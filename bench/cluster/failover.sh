#!/usr/bin/env bash
# Time from a worker's SIGKILL to its trial being requeued and running again, with the shipped
# failure-detector and split-brain-resolver settings and a spare idle slot (docs/BENCHMARKS.md).
# Runs the failover test RUNS times (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
for i in $(seq "${RUNS:-3}"); do
  TLAB_BENCH_SHIPPED_TIMINGS=true TLAB_BENCH_SPARE_WORKER=true \
    mvn -B -q -pl lab -am verify -Dtest=ClusterFailoverProcessTest -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
done
