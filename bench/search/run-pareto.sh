#!/usr/bin/env bash
# Multi-objective benchmark: hypervolume reached on a bi-objective test function (ZDT1 by default,
# or zdt2, dtlz2; VARIABLES variables, both objectives minimised) at a fixed budget, TransferLab's
# multi-objective TPE (and the same with its good points weighing equally, its earlier behaviour) and
# random search vs Optuna 3.1's TPESampler (multi-objective) and NSGAIISampler (Debian
# python3-optuna), seeds 0..SEEDS-1, the two sides alternating seed by seed in one session; the load
# average is logged before and after each seed.
# Usage (from the repository root): bench/search/run-pareto.sh [TRIALS] [VARIABLES] [SEEDS] [FUNCTION]
#   → bench/search/pareto-TRIALS-VARIABLES.jsonl (ZDT1) or pareto-FUNCTION-TRIALS-VARIABLES.jsonl,
#     and a Markdown table on stdout
set -euo pipefail
TRIALS=${1:-100}
VARIABLES=${2:-5}
SEEDS=${3:-10}
FUNCTION=${4:-zdt1}
source scripts/jdk.sh
tlab_use_jdk
if [ "$FUNCTION" = zdt1 ]; then
  OUT=bench/search/pareto-$TRIALS-$VARIABLES.jsonl
else
  OUT=bench/search/pareto-$FUNCTION-$TRIALS-$VARIABLES.jsonl
fi
CP=orchestrator/target/classes:protocol/target/classes
mvn -B -q -o -pl orchestrator -am compile
: > "$OUT"
echo "# $(date -u +%FT%TZ) $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
for seed in $(seq 0 $((SEEDS - 1))); do
  "$JAVA_HOME/bin/java" -cp "$CP" bench/search/ParetoBench.java "$FUNCTION" "$TRIALS" "$VARIABLES" "$seed" >> "$OUT"
  /usr/bin/python3 bench/search/optuna_pareto.py "$FUNCTION" "$TRIALS" "$VARIABLES" "$seed" >> "$OUT"
  echo "# after seed $seed load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
done
/usr/bin/python3 bench/search/summarise_pareto.py "$OUT"
