#!/usr/bin/env bash
# Multi-objective benchmark: hypervolume reached on ZDT1 (VARIABLES variables, both objectives
# minimised) at a fixed budget, TransferLab's multi-objective TPE and random search vs Optuna 3.1's
# TPESampler (multi-objective) and NSGAIISampler (Debian python3-optuna), seeds 0..SEEDS-1, the two
# sides alternating seed by seed in one session; the load average is logged before and after each seed.
# Usage (from the repository root): bench/search/run-pareto.sh [TRIALS] [VARIABLES] [SEEDS]
#   → bench/search/pareto-TRIALS-VARIABLES.jsonl and a Markdown table on stdout
set -euo pipefail
TRIALS=${1:-100}
VARIABLES=${2:-5}
SEEDS=${3:-10}
source scripts/jdk.sh
tlab_use_jdk
OUT=bench/search/pareto-$TRIALS-$VARIABLES.jsonl
CP=orchestrator/target/classes:protocol/target/classes
mvn -B -q -o -pl orchestrator -am compile
: > "$OUT"
echo "# $(date -u +%FT%TZ) $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
for seed in $(seq 0 $((SEEDS - 1))); do
  "$JAVA_HOME/bin/java" -cp "$CP" bench/search/ParetoBench.java "$TRIALS" "$VARIABLES" "$seed" >> "$OUT"
  /usr/bin/python3 bench/search/optuna_pareto.py "$TRIALS" "$VARIABLES" "$seed" >> "$OUT"
  echo "# after seed $seed load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
done
/usr/bin/python3 bench/search/summarise_pareto.py "$OUT"
