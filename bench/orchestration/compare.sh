#!/usr/bin/env bash
# Old against new on a shared machine: builds each revision in its own worktree (git worktree add under
# $TLAB_COMPARE_DIR, default /tmp/tlab-compare; nothing is installed) and runs OrchestrationBench with
# each in turn, ROUNDS times, so that both see the same background load. Prints the RESULT lines,
# each prefixed with its round and revision; compare the medians of processCpu and elapsed, and read
# load(before) beside them (docs/BENCHMARKS.md, "Orchestration overhead").
# usage: bench/orchestration/compare.sh REV_OLD REV_NEW ROUNDS TRIALS SLOTS EPOCHS SLEEP_MS [BATCH_SIZE]
#   bench/orchestration/compare.sh 2f29f32 HEAD 3 96 96 5000 20
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh
tlab_use_jdk
[ $# -ge 7 ] || { sed -n '2,9p' "$0"; exit 2; }
old="$1"; new="$2"; rounds="$3"; shift 3
base="${TLAB_COMPARE_DIR:-/tmp/tlab-compare}"
mkdir -p "$base"
trees=()
for rev in "$old" "$new"; do
  sha="$(git rev-parse --short "$rev")"
  dir="$base/$sha"
  [ -d "$dir" ] || git worktree add --detach "$dir" "$sha" >/dev/null
  cp="$dir/bench/orchestration/target/classpath.txt"
  if [ ! -s "$cp" ]; then
    mkdir -p "$(dirname "$cp")"
    (cd "$dir" && mvn -B -q -o -pl lab -am package -DskipTests dependency:build-classpath \
        -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null)
  fi
  trees+=("$sha=$dir")
done
for r in $(seq 1 "$rounds"); do
  for t in "${trees[@]}"; do
    name="${t%%=*}"; dir="${t#*=}"
    line="$(cd "$dir" && "$JAVA_HOME/bin/java" -Xmx1g -cp "$(cat bench/orchestration/target/classpath.txt)" \
        bench/orchestration/OrchestrationBench.java "$@" 2>/dev/null | grep '^RESULT' || echo "RESULT failed")"
    echo "$(date -u +%T) round=$r rev=$name $line"
  done
done
