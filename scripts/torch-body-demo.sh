#!/usr/bin/env bash
# The issue-13 path end to end, from a fresh clone: writes a PyTorch-pretrained conv body
# (scripts/fixtures/torch_body.py, Debian's python3-torch) and a folder of RGB images
# (scripts/fixtures/rgb_folder.py), starts a standalone lab on free ports with a private data
# directory, submits examples/torch-body-rgb.yaml with both paths filled in, follows it to the end
# and stops the lab. Exit status: tlab submit --follow's, 0 when the experiment completed.
#   scripts/torch-body-demo.sh [--onnx] [WORK_DIR]   (default: a new temporary directory, removed after)
# --onnx: the body is the same pretrained module exported with torch.onnx.export (torch_body.py
# --onnx; Debian's python3-onnx too) and the spec loads torch_body.onnx instead of the safetensors.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
body_file=torch_body.safetensors
onnx_flag=""
if [ "${1:-}" = "--onnx" ]; then
  body_file=torch_body.onnx
  onnx_flag=--onnx
  shift
fi
work="${1:-$(mktemp -d -t tlab-torch-demo.XXXXXX)}"
keep="${1:+1}"
mkdir -p "$work"
source scripts/lab-start.sh
cleanup() {
  tlab_lab_stop
  if [ -z "$keep" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

python=/usr/bin/python3
"$python" -c 'import torch, numpy' || { echo "torch-body-demo: needs Debian's python3-torch and python3-numpy" >&2; exit 1; }
if [ -n "$onnx_flag" ]; then
  "$python" -c 'import onnx' || { echo "torch-body-demo: --onnx needs Debian's python3-onnx" >&2; exit 1; }
fi
"$python" scripts/fixtures/torch_body.py "$work/body" 7 --pretrain $onnx_flag
"$python" scripts/fixtures/rgb_folder.py "$work/colours" 4 20
sed -e "s#/data/colours#$work/colours#" -e "s#/data/body/torch_body.safetensors#$work/body/$body_file#" examples/torch-body-rgb.yaml > "$work/spec.yaml"

tlab_lab_start torch-body-demo "$work/lab" --no-dashboard
api="$lab_api"
echo "torch-body-demo: lab at $api, files in $work"
./tlab submit "$work/spec.yaml" --follow --api "$api" --data-dir "$work/lab" | tee "$work/submit.out"
