#!/usr/bin/env bash
# Metric throughput and latency from worker JVMs to the orchestrator, store and SSE stream
# (docs/BENCHMARKS.md, "Cluster"). Prints the BENCH lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -q -o -pl lab -am verify -Dtest=ClusterMetricsBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
