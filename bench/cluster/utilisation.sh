#!/usr/bin/env bash
# Slot utilisation during a sweep of real fine-tune trials on two worker JVMs (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -q -o -pl lab -am verify -Dtest=SlotUtilisationBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
