#!/usr/bin/env bash
# Metric throughput and latency from worker JVMs to the orchestrator, store and SSE stream
# (docs/BENCHMARKS.md, "Cluster"). Prints the BENCH lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
mvn -B -q -pl lab -am verify -Dtest=ClusterMetricsBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
