#!/usr/bin/env bash
# API and dashboard benchmark (docs/BENCHMARKS.md, "API and dashboard"): SSE fan-out, REST reads
# with wrk, dashboard page load, measured side by side on one standalone lab in one run.
# Needs: JDK 21+, Maven, wrk (apt-get install wrk), chromium and
# chromium-driver (Debian). Results: lab/target/bench/api-dashboard.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
mvn -B -q -pl lab -am verify -Dtest=ApiDashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtlab.bench=true "$@"
cat lab/target/bench/api-dashboard.md
