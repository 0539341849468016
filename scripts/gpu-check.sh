#!/usr/bin/env bash
# GPU readiness check for a machine with an NVIDIA GPU: builds the CUDA jar, runs the training
# throughput bench on the GPU and a two-slot standalone sweep on it, and prints one line per check:
#   CHECK <name> ok|FAIL <details>
# The CUDA build is nd4j-cuda-11.6 (DL4J 1.0.0-M2.1). With TLAB_CUDA_REDIST=1 (the default) the
# build also bundles JavaCPP's CUDA 11.6 + cuDNN 8.3 runtime (org.bytedeco:cuda ...-redist, 1.8 GB,
# profile cuda-redist), so the machine needs only the NVIDIA driver; newer GPUs than CUDA 11.6 knows
# run its kernels through the driver's PTX JIT (the first run compiles them, which takes a while).
#
# usage: scripts/gpu-check.sh [WORK_DIR]   (needs Maven Central on first use, or a primed ~/.m2)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/tlab-gpu-check.XXXXXX)}"
mkdir -p "$WORK"
failures=0
check() { # name status details
    echo "CHECK $1 $2 ${3:-}"
    [ "$2" = ok ] || failures=$((failures + 1))
}
pick_java() {
    for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
        [ -x "$j" ] || continue
        v="$("$j" -version 2>&1 | awk -F'"' '/version/ {split($2, a, "."); print a[1]; exit}')"
        [ "${v:-0}" -ge 21 ] 2>/dev/null && { echo "$j"; return 0; }
    done
    return 1
}

# 1. The GPU and its driver.
if gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"; then
    check gpu ok "$(echo "$gpu" | head -1); $(nvidia-smi | grep -o 'CUDA Version: [0-9.]*' | head -1)"
else
    check gpu FAIL "nvidia-smi: $gpu"
    echo "CHECK summary FAIL no GPU visible"; exit 1
fi
JAVA="$(pick_java)" || { check java FAIL "needs a JDK 21+"; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"

# 2. The CUDA jar.
profiles=cuda
[ "${TLAB_CUDA_REDIST:-1}" = 1 ] && profiles=cuda,cuda-redist
if (cd "$ROOT" && mvn -B -q -P"$profiles" -DskipTests package) >"$WORK/build.log" 2>&1 \
        && [ -f "$ROOT/lab/target/tlab-cuda.jar" ]; then
    check build ok "lab/target/tlab-cuda.jar (profiles $profiles)"
else
    check build FAIL "mvn -P$profiles package: see $WORK/build.log"
    echo "CHECK summary FAIL $failures"; exit 1
fi

# 3. Throughput on the GPU: the same bench as bench/throughput.sh, CUDA backend.
(cd "$ROOT" && mvn -B -q -P"$profiles" -pl experiments -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cuda-classpath.txt") >>"$WORK/build.log" 2>&1
CP="$ROOT/experiments/target/test-classes:$ROOT/experiments/target/classes:$ROOT/protocol/target/classes:$(cat "$WORK/cuda-classpath.txt" 2>/dev/null)"
for model in "mlp 100 5 100" "lenet 20 5 20" "vgg 20 5 20"; do
    line="$("$JAVA" -Xmx8g -cp "$CP" org.transferlab.experiments.bench.TrainingThroughput $model 2>"$WORK/throughput.err" | grep RESULT)"
    backend="$(grep -o 'Loaded \[[A-Za-z]*Backend\]' "$WORK/throughput.err" | head -1)"
    if [ -n "$line" ] && grep -q "JCublasBackend" <<<"$backend"; then
        check "throughput-${model%% *}" ok "$line ($backend)"
    else
        check "throughput-${model%% *}" FAIL "${line:-no result} ${backend:-backend unknown}; see $WORK/throughput.err"
    fi
done

# 4. A two-slot standalone lab on GPU 0, one sweep through the API.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
API_PORT="$(port)"
DATA="$WORK/lab"
TLAB_WORKER_DEVICE=cuda:0 OMP_NUM_THREADS=1 "$JAVA" -Xmx8g --enable-native-access=ALL-UNNAMED -Dtlab.home="$ROOT" \
    -jar "$ROOT/lab/target/tlab-cuda.jar" standalone --data-dir "$DATA" --slots 2 --api-port "$API_PORT" \
    --no-dashboard --no-fetch >"$WORK/lab.log" 2>&1 &
LAB=$!
trap 'kill $LAB 2>/dev/null; wait $LAB 2>/dev/null' EXIT
API="http://127.0.0.1:$API_PORT"
for _ in $(seq 180); do curl -sf "$API/health" >/dev/null && break; sleep 1; done
if ! curl -sf "$API/health" >/dev/null; then
    check standalone FAIL "API did not come up; see $WORK/lab.log"
else
    slots="$(curl -s "$API/api/cluster/slots")"
    if grep -q '"cuda:0"' <<<"$slots"; then
        check standalone ok "two slots on cuda:0"
    else
        check standalone FAIL "slots: $slots"
    fi
    TOKEN="$(cat "$DATA/api-token")"
    if "$JAVA" -jar "$ROOT/lab/target/tlab-cuda.jar" submit "$ROOT/examples/mnist-finetune.yaml" --follow \
            --api "$API" --token "$TOKEN" >"$WORK/sweep.log" 2>&1; then
        id="$(grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' "$WORK/sweep.log" | head -1)"
        view="$(curl -s "$API/api/experiments/$id/trials")"
        done_trials="$(grep -o '"status":"COMPLETED"' <<<"$view" | wc -l)"
        on_gpu="$(grep -o '"cuda:0' <<<"$view" | wc -l)"
        if [ "$done_trials" -ge 6 ]; then
            check sweep ok "experiment $id: $done_trials trials completed, $on_gpu reported on cuda:0; $(grep -m1 -i 'best' "$WORK/sweep.log")"
        else
            check sweep FAIL "experiment $id: $done_trials trials completed; see $WORK/sweep.log"
        fi
    else
        check sweep FAIL "tlab submit failed; see $WORK/sweep.log"
    fi
fi
[ "$failures" -eq 0 ] && echo "CHECK summary ok" || echo "CHECK summary FAIL $failures"
exit "$failures"
