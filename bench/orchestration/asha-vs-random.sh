#!/usr/bin/env bash
# Benchmark (d) of docs/BENCHMARKS.md: ASHA against full-budget random search on a real fine-tune
# sweep (MNIST 0-4 -> 5-9, k=20), same searcher seed and trial budget. Prints, per scheduler, the best
# val_accuracy and the total epochs trained (the compute spent).
#   bench/orchestration/asha-vs-random.sh [DATA_DIR]     (DATA_DIR holds datasets/mnist; default ./tlab-data)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-./tlab-data}"
work="$(mktemp -d)"
trap 'kill "$lab" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/data" && ln -s "$(cd "$data" && pwd)/datasets" "$work/data/datasets"
TLAB_CLUSTER_PORT=0 "$here/tlab" standalone --data-dir "$work/data" --no-fetch --no-dashboard --api-port 7391 > "$work/lab.log" 2>&1 &
lab=$!
for _ in $(seq 1 120); do grep -q "TransferLab is running" "$work/lab.log" && break; sleep 1; done
api=http://127.0.0.1:7391
token="$(cat "$work/data/api-token")"

spec() { # scheduler block
  cat <<YAML
name: asha-vs-random-$1
kind: finetune
seed: 42
data: {dataset: mnist, examplesPerClass: 20, validationPerClass: 100}
model: {hidden: [256, 128]}
pretrain: {epochs: 3}
train: {epochs: 27, batchSize: 16}
search:
  algorithm: random
  trials: 24
  maxConcurrent: 2
  space:
    learningRate: {type: loguniform, min: 1.0e-5, max: 3.0e-2}
    frozenLayers: {type: choice, values: [0, 1, 2]}
scheduler: $2
YAML
}

run() {
  spec "$1" "$2" > "$work/$1.yaml"
  local start end id
  start=$(date +%s.%N)
  id=$("$here/tlab" submit "$work/$1.yaml" --follow --api "$api" --token "$token" | awk '/^submitted/{print $2}')
  end=$(date +%s.%N)
  curl -s "$api/api/experiments/$id/trials" | python3 -c "
import json, sys
trials = [t for t in json.load(sys.stdin) if t['stage'] == 'finetune']
best = max(t['objective'] or 0 for t in trials)
epochs = sum(t['epochs'] for t in trials)
stopped = sum(1 for t in trials if t['status'] == 'STOPPED')
print(f'RESULT scheduler=$1 trials={len(trials)} best_val_accuracy={best:.4f} epochs_trained={epochs} stopped_early={stopped} wall_s={$end-$start:.1f}')"
}

run fifo '{type: fifo}'
run asha '{type: asha, gracePeriod: 1, reductionFactor: 3, maxResource: 27}'
