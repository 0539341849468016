#!/usr/bin/env bash
# Regenerates the README's dashboard screenshots from real runs: starts a standalone lab on free
# ports with its own data directory, runs examples/mnist-finetune.yaml, mnist-gtl.yaml,
# mnist-distillation.yaml, digits-finetune-pbt.yaml and mnist-distillation-width-pareto.yaml in it
# to completion, and photographs every view with headless Chromium
# (lab/src/test/java/org/transferlab/lab/ReadmeScreenshots.java). Takes 5-15 minutes on 2 cores.
#
# usage: scripts/screenshots.sh [OUT_DIR]        (default docs/screenshots)
#   SCREENSHOTS_DATA_DIR=/tmp/lab  use (and keep) this data directory, e.g. one whose datasets are
#                                  already fetched; by default a fresh one under /tmp, removed after
# Needs what the browser tests need: /usr/bin/chromium and /usr/bin/chromedriver (scripts/test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$(realpath -m "${1:-docs/screenshots}")"
source scripts/jdk.sh
tlab_use_jdk

cp=lab/target/screenshots-classpath.txt
# One reactor build: the runnable jar ./tlab starts, the lab's test classes and their class path
# (the dashboard's test jar with the browser support comes from this build, nothing is installed).
# (Maven 3.8 prints colour resets even in batch mode, and Guava in Maven warns about Unsafe on JDK 23+: as scripts/test.)
if [ "$(tlab_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
mvn -B -q -pl lab -am package -DskipTests -Dstyle.color=never dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/$cp" -Dmdep.includeScope=test 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'

if [ -n "${SCREENSHOTS_DATA_DIR:-}" ]; then
  data="$SCREENSHOTS_DATA_DIR"
  mkdir -p "$data"
  keep=1
else
  data="$(mktemp -d /tmp/tlab-screenshots.XXXXXX)"
  keep=0
fi
source scripts/lab-start.sh
cleanup() {
  tlab_lab_stop
  if [ "$keep" = 0 ]; then rm -rf "$data"; fi
}
trap cleanup EXIT

tlab_lab_start screenshots "$data" --dashboard-port 0
api="$lab_api"
dashboard="$lab_dashboard"
[ -n "$dashboard" ] || { echo "screenshots: the lab started no dashboard; its log:" >&2; cat "$data/lab.log" >&2; exit 1; }
echo "screenshots: lab at $api, dashboard at $dashboard, data in $data"

"$JAVA_HOME/bin/java" -cp "lab/target/test-classes:$(cat "$cp")" org.transferlab.lab.ReadmeScreenshots \
  "$api" "$dashboard" "$(cat "$data/api-token")" "$ROOT/examples" "$OUT"
