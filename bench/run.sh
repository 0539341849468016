#!/usr/bin/env bash
# Re-runs docs/RESULTS.md parts (b) GTL and (c) distillation on full MNIST, CPU, through TrialRunner.
# usage: bench/run.sh (gtl|distill|both) [SEED...]      (default seeds 1 2 3 4 5)
# Needs JDK 21+ and Maven (offline is fine once dependencies are in ~/.m2); fetches MNIST with
# scripts/fetch-data.sh into ./tlab-data if missing. Each part runs with one native thread
# (OMP_NUM_THREADS=1), so 'both' runs the two parts side by side on two cores.
# Env: TEACHER_EPOCHS (default 4), STUDENT_EPOCHS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-both}"; shift || true
seeds=("${@:-1 2 3 4 5}"); seeds=(${seeds[*]})
scripts/fetch-data.sh ./tlab-data >/dev/null
source scripts/jdk.sh
tlab_use_jdk
# one reactor build: protocol resolves to its fresh classes, never to a jar that must be installed first
mvn -B -q -pl experiments -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/.classpath" >/dev/null
# The reactor's own classes, not a snapshot jar from ~/.m2.
cp="experiments/target/classes:protocol/target/classes:$(tr ':' '\n' < bench/.classpath | grep -v '/org/transferlab/' | paste -sd:)"
mkdir -p bench/results
part() {
    OMP_NUM_THREADS=1 "$JAVA_HOME/bin/java" -Xmx6g -cp "$cp" -Dlogback.configurationFile=experiments/src/test/resources/logback-test.xml \
        -Dbench.teacherEpochs="${TEACHER_EPOCHS:-4}" -Dbench.studentEpochs="${STUDENT_EPOCHS:-3}" \
        bench/ScienceBench.java "$1" ./tlab-data/datasets "bench/results/$1.md" "${seeds[@]}" > "bench/results/$1.log" 2>&1
    echo "$1 done: bench/results/$1.md"
}
case "$what" in
    gtl|distill) part "$what" ;;
    both) part gtl & part distill & wait ;;
    *) echo "usage: bench/run.sh (gtl|distill|both) [SEED...]" >&2; exit 2 ;;
esac
