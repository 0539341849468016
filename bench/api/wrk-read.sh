#!/usr/bin/env bash
# REST read throughput against a running lab: bench/api/wrk-read.sh [API_URL] [EXPERIMENT_ID]
# e.g. after ./tlab standalone and one submitted experiment. Reads need no token unless the lab
# sets require-token-for-reads; then export TLAB_TOKEN and this script sends it.
set -euo pipefail
api="${1:-http://127.0.0.1:7070}"
id="${2:-$(curl -fsS "$api/api/experiments" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')}"
auth=()
if [[ -n "${TLAB_TOKEN:-}" ]]; then auth=(-H "Authorization: Bearer $TLAB_TOKEN"); fi
for path in /health /api/experiments "/api/experiments/$id" "/api/experiments/$id/trials"; do
  echo "== GET $path"
  wrk -t2 -c32 -d10s --latency "${auth[@]}" "$api$path" | grep -E "Requests/sec|Latency|99%"
done
