#!/usr/bin/env bash
# Hinton et al.'s transfer-set distillation scaled to this machine (TransferSetDistillation.java):
# a 2x1200 teacher with dropout 0.5/0.2 and jitter 2 on TEACHER_PER_CLASS images per digit, 2x300
# students on a TRANSFER_PER_CLASS-per-digit transfer set at T in {1, 4, 20}, pseudo-labels and an
# unlabelled transfer set, against scratch; test errors on the full 10,000-image MNIST test split.
# Needs the full MNIST:  scripts/fetch-data.sh ./tlab-data mnist
#
# usage: bench/results-distill-transfer.sh [SEEDS] [DATA_DIR] [TEACHER_PER_CLASS] [TRANSFER_PER_CLASS] [TEACHER_EPOCHS] [STUDENT_EPOCHS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
SEEDS="${1:-3}"
DATA_DIR="${2:-$ROOT/tlab-data}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" "$JAVA" -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=3G -cp "$CP" \
    org.transferlab.experiments.bench.TransferSetDistillation "$DATA_DIR/datasets" "$SEEDS" "$WORK" \
    "${3:-500}" "${4:-100}" "${5:-30}" "${6:-50}" | grep -vE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} '
