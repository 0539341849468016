# Sourced by the bench scripts that measure through a private standalone lab (bench/results.sh,
# bench/transferability.sh), so that they prepare, start and stop it the same way: a temp dir holding
# the lab's data directory, the datasets copied in from a given data directory and verified or fetched
# with scripts/fetch-data.sh, the lab on free ports without a dashboard (scripts/lab-start.sh), the load
# average before and after, and on exit the lab stopped and the temp dir removed.
#
#   bench_lab_start NAME SLOTS KEEP FETCH [SOURCE_DATA]
#     NAME          the temp dir is /tmp/tlab-NAME.XXXXXX
#     SLOTS         the lab's worker slots
#     KEEP          1 keeps the temp dir (lab log, database) on exit, for inspection
#     FETCH         1: fetch the full MNIST (only what a copy lacks); 0: the lab's bundled subset (smoke runs)
#     SOURCE_DATA   an existing data directory whose datasets/ are copied in first (then always verified)
#   sets WORK, DATA, lab_api, load_before (1/5/15 min, before the lab starts) and started (epoch seconds)
#   bench_lab_done     prints the load average after the run and the whole run's seconds

source scripts/lab-start.sh

bench_keep=0

bench_lab_cleanup() {
  tlab_lab_stop
  if [ "$bench_keep" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}

bench_lab_start() {
  local name="$1" slots="$2" fetch="$4" source_data="${5:-}" me
  me="$(basename "$0")"
  bench_keep="$3"
  WORK="$(mktemp -d "/tmp/tlab-$name.XXXXXX")"
  DATA="$WORK/data"
  mkdir -p "$DATA/datasets"
  trap bench_lab_cleanup EXIT

  if [ -n "$source_data" ]; then
    [ -d "$source_data/datasets/mnist" ] || { echo "$me: $source_data/datasets/mnist not found" >&2; exit 2; }
    cp -r "$source_data/datasets/." "$DATA/datasets/"
  fi
  if [ -n "$source_data" ] || [ "$fetch" = 1 ]; then
    scripts/fetch-data.sh "$DATA" mnist >&2   # verifies a copy (sha256), fetches only what is missing
  fi

  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  started="$(date +%s)"
  # OMP_NUM_THREADS=1 and the heap come from ./tlab; the lab itself never fetches (done above, or not wanted)
  tlab_lab_start "$me" "$DATA" --no-dashboard --no-fetch --slots "$slots"
  echo "lab at $lab_api (log $DATA/lab.log)" >&2
}

bench_lab_done() {
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); whole script $(( $(date +%s) - started )) s" >&2
}
