#!/usr/bin/env bash
# Benchmark (c): searcher cost per suggestion and best value, TransferLab vs Optuna 3.1
# (Debian python3-optuna), Branin, 1,000 sequential trials, seeds 0..9. The two sides alternate
# seed by seed (A/B/A/B) in one session; the load average is logged before, between and after.
# Usage (from the repository root): bench/search/run.sh [TRIALS] [SEEDS]   → bench/search/results-TRIALS.jsonl
set -euo pipefail
TRIALS=${1:-1000}
SEEDS=${2:-10}
source scripts/jdk.sh
tlab_use_jdk
OUT=bench/search/results-$TRIALS.jsonl
CP=orchestrator/target/classes:protocol/target/classes
mvn -B -q -pl orchestrator -am compile
: > "$OUT"
echo "# $(date -u +%FT%TZ) $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
for seed in $(seq 0 $((SEEDS - 1))); do
  "$JAVA_HOME/bin/java" -cp "$CP" bench/search/SearchCost.java "$TRIALS" "$seed" | tee -a "$OUT"
  /usr/bin/python3 bench/search/optuna_cost.py "$TRIALS" "$seed" | tee -a "$OUT"
  echo "# after seed $seed load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
done
/usr/bin/python3 bench/search/summarise.py "$OUT"
