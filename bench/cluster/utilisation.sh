#!/usr/bin/env bash
# Slot utilisation during a sweep of real fine-tune trials on two worker JVMs (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
mvn -B -q -pl lab -am verify -Dtest=SlotUtilisationBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
