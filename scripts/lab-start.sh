# Sourced by the scripts that drive a private standalone lab (scripts/screenshots.sh,
# scripts/torch-body-demo.sh, bench/results.sh): starts it on free ports, waits until it prints its
# addresses, and stops it again.
#
#   tlab_lab_start NAME DATA_DIR [standalone options...]   sets lab_pid, lab_api, lab_dashboard
#   tlab_lab_stop                                          stops the lab started here, if any
#
# Port 0 everywhere: never the default 7070/8080/25520 a lab on this machine may hold. The log is
# DATA_DIR/lab.log; NAME prefixes the messages. A lab that stops or prints no API line within 600 s
# ends the calling script with its log.

lab_pid=""
lab_api=""
lab_dashboard=""

tlab_lab_start() {
  local name="$1" data="$2"
  shift 2
  mkdir -p "$data"
  ./tlab standalone --data-dir "$data" --api-port 0 --cluster-port 0 "$@" >"$data/lab.log" 2>&1 &
  lab_pid=$!
  local want='^  API '
  case " $* " in *" --no-dashboard "*) ;; *) want='^  Dashboard ' ;; esac
  for _ in $(seq 1 600); do
    grep -q "$want" "$data/lab.log" 2>/dev/null && break
    kill -0 "$lab_pid" 2>/dev/null || { echo "$name: the lab stopped; its log:" >&2; cat "$data/lab.log" >&2; exit 1; }
    sleep 1
  done
  lab_api="$(awk '$1 == "API" {print $2; exit}' "$data/lab.log")"
  lab_dashboard="$(awk '$1 == "Dashboard" {print $2; exit}' "$data/lab.log")"
  [ -n "$lab_api" ] || { echo "$name: the lab did not start; its log:" >&2; cat "$data/lab.log" >&2; exit 1; }
}

tlab_lab_stop() {
  if [ -n "$lab_pid" ]; then
    kill "$lab_pid" 2>/dev/null || true
    wait "$lab_pid" 2>/dev/null || true
    lab_pid=""
  fi
}
