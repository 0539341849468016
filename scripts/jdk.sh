# Sourced by scripts/test and the bench scripts: tlab_find_jdk prints the home of the newest JDK 21+
# found at $JAVA_HOME, under $TLAB_JVM_DIR (default /usr/lib/jvm, where Debian installs JDKs) or on
# the PATH, and fails when there is none. No path is hard-coded: any vendor's JDK 21+ will do.
tlab_java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
tlab_find_jdk() {
  local best="" best_major=0 j m
  for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "${TLAB_JVM_DIR:-/usr/lib/jvm}"/*/bin/java $(command -v java 2>/dev/null || true); do
    [ -x "$j" ] && [ -x "$(dirname "$j")/javac" ] || continue
    m="$(tlab_java_major "$j" 2>/dev/null || echo 0)"
    if [ "${m:-0}" -ge 21 ] 2>/dev/null && [ "$m" -gt "$best_major" ]; then best="$j"; best_major="$m"; fi
  done
  [ -n "$best" ] && dirname "$(dirname "$(readlink -f "$best")")"
}
# For scripts that only need a JDK: sets JAVA_HOME or exits with the reason.
tlab_use_jdk() {
  JAVA_HOME="$(tlab_find_jdk)" || { echo "$0: needs a JDK 21 or newer (set JAVA_HOME; scripts/test installs one where apt offers it)" >&2; exit 1; }
  export JAVA_HOME
}
