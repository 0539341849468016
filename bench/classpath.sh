#!/usr/bin/env bash
# Compiles the experiments module (main and test classes) from this checkout, a reactor build that needs
# nothing installed beforehand, and prints the class path that
# runs its benchmark and results mains with plain `java -cp`. Sourced by the other bench scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/jdk.sh"
tlab_use_jdk
JAVA="$JAVA_HOME/bin/java"
(cd "$ROOT" && mvn -B -q -pl experiments -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/experiments/target/bench-classpath.txt" >/dev/null)
CP="$ROOT/experiments/target/test-classes:$ROOT/experiments/target/classes:$ROOT/protocol/target/classes:$(cat "$ROOT/experiments/target/bench-classpath.txt")"
# The PyTorch peer needs Debian's python3-torch with libopenblas0-pthread (see BENCHMARKING.md).
PYTHON="${PYTHON:-/usr/bin/python3}"
