#!/usr/bin/env bash
# Reproducible benchmark of the loadtest engine; docs/benchmarks.md explains every number.
#
#   bench/run.sh
#
# Raw outputs go to bench/out/ (gitignored); the markdown tables are printed at the end and saved
# as bench/out/results.md. About 5.5 minutes on a quiet machine, up to 8 when other processes
# force it to wait or to repeat a measurement.
#
# 1. Throughput and CPU per request. A private nginx (bench/nginx.conf) pinned to core 0 serves a
#    fixed 100-byte body; each load generator runs pinned to core 1 (taskset -c 1) with 50
#    keep-alive connections for $BENCH_SECONDS s: this engine, wrk, hey, Locust (FastHttpUser),
#    Gatling, and a JDK HttpClient program (bench/JdkHttpClientBench.java, two executors). For
#    each we record the requests it completed and the CPU time (user+sys) of its whole process (/usr/bin/time), and
#    the same in a steady-state window (from $BENCH_WARMUP s after nginx saw its first requests to
#    3 s before its end: CPU from /proc/PID/stat, requests counted by nginx's stub_status).
# 2. Latency accuracy: this engine and wrk, 10 connections, POST /api/query to the demo target
#    answering after exactly 50 ms; p50 side by side.
# 3. Idle virtual users: heap (live bytes after a full GC, jcmd GC.class_histogram) of the engine
#    with 10,000 and 100,000 users parked in think time, minus a 10-user baseline.
#
# Knobs (environment): BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_LATENCY_SECONDS (15),
# BENCH_SKIP (space-separated: wrk loadtest hey locust gatling jdk-httpclient latency idle),
# BENCH_SKIP_BUILD=1 (use the jars already built), JAVA_HOME (a JDK 21+).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out"
SECONDS_RUN="${BENCH_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-5}"
LAT_SECONDS="${BENCH_LATENCY_SECONDS:-15}"
SKIP=" ${BENCH_SKIP:-} "
USERS=50
PORT=18080        # nginx, keep-alive, 100-byte body
PORT_CLOSE=18081  # nginx, same body, "Connection: close"
PORT_DEMO=18082   # loadtest demo-target --fixed-latency-ms 50
SYS_PY=/usr/bin/python3   # Debian's python3-locust lives here, not in a pyenv python

say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }
now() { date +%s.%N; }
sleep_until() { local d; d=$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; print (d > 0 ? d : 0) }'); sleep "$d"; }

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------
java_ok() { "$1" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! java_ok "$JAVA_HOME/bin/java"; then
  JAVA_HOME=""
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$jdk/bin/java" ] && java_ok "$jdk/bin/java" && [ -x "$jdk/bin/jcmd" ]; then JAVA_HOME="$jdk"; break; fi
  done
  [ -n "$JAVA_HOME" ] || die "needs a JDK 21+ (set JAVA_HOME)"
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
for c in nginx taskset curl ss awk pgrep; do command -v "$c" >/dev/null || die "needs $c"; done
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
[ "$(nproc --all)" -ge 2 ] || die "needs 2 cores (nginx on core 0, load generators on core 1)"
for p in $PORT $PORT_CLOSE $PORT_DEMO; do
  if ss -Htln "sport = :$p" | grep -q .; then die "port $p is in use"; fi
done

# The script itself (polling, jcmd, curl) stays on core 0 with nginx; load generators go on core 1.
taskset -cp 0 $$ >/dev/null

# File descriptors: 10,000 idle keep-alive users need 10,000 sockets in the engine and in nginx.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"

# Only this script's own outputs are replaced (bench/operator.sh writes next to them).
rm -rf "$OUT"/{throughput,latency,idle,nginx,build} "$OUT/machine.txt" "$OUT/results.md"
mkdir -p "$OUT"/{throughput,latency,idle,nginx/tmp,build}

# ---------------------------------------------------------------------------------------------
# Machine and versions
# ---------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc --all) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "jdk: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "nginx: $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "wrk: $(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
  echo "hey: $(dpkg-query -W -f '${Version}' hey 2>/dev/null || echo '?') (Debian package)"
  echo "locust: $(dpkg-query -W -f '${Version}' python3-locust 2>/dev/null || echo '?') (Debian package), geventhttpclient $(dpkg-query -W -f '${Version}' python3-geventhttpclient 2>/dev/null || echo '?'), $("$SYS_PY" --version 2>&1)"
  echo "gatling: $(sed -n 's:.*<gatling.version>\(.*\)</gatling.version>.*:\1:p' bench/gatling/pom.xml), gatling-maven-plugin $(sed -n 's:.*<gatling-maven-plugin.version>\(.*\)</gatling-maven-plugin.version>.*:\1:p' bench/gatling/pom.xml)"
  echo "open files limit: $NOFILE"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
say "machine:"; sed 's/^/    /' "$OUT/machine.txt" >&2

# ---------------------------------------------------------------------------------------------
# Build (outside any measurement)
# ---------------------------------------------------------------------------------------------
mvn_quiet() { # offline first (no network needed when ~/.m2 is warm), then online
  ./mvnw -B -q -o "$@" >"$OUT/build/mvn.log" 2>&1 || ./mvnw -B -q "$@" >>"$OUT/build/mvn.log" 2>&1
}
if [ "${BENCH_SKIP_BUILD:-}" != 1 ] || [ ! -f runner-image/target/loadtest.jar ]; then
  say "building runner-image/target/loadtest.jar"
  mvn_quiet package -DskipTests -pl runner-image -am || die "build failed, see $OUT/build/mvn.log"
fi
GATLING_OK=""
if ! skipped gatling; then
  say "compiling the Gatling simulation and resolving its classpath (bench/gatling/pom.xml)"
  if mvn_quiet -f bench/gatling/pom.xml test-compile dependency:build-classpath \
      -Dmdep.outputFile="$OUT/build/gatling-classpath.txt" -Dmdep.includeScope=test; then
    GATLING_OK=1
  else
    echo "Gatling build failed, see $OUT/build/mvn.log" > "$OUT/throughput/gatling.skipped"
  fi
fi
JDKCLIENT_OK=""
if ! skipped jdk-httpclient; then
  # Compiled ahead so javac's CPU is not part of the measured process (java File.java would be).
  if "$JAVA_HOME/bin/javac" -d "$OUT/build/jdkclient" bench/JdkHttpClientBench.java 2>"$OUT/build/javac.log"; then
    JDKCLIENT_OK=1
  else
    echo "javac failed, see $OUT/build/javac.log" > "$OUT/throughput/jdk-httpclient.skipped"
  fi
fi

# ---------------------------------------------------------------------------------------------
# nginx (core 0)
# ---------------------------------------------------------------------------------------------
NGINX_PID=""
DEMO_PID=""
cleanup() {
  set +e
  [ -n "$DEMO_PID" ] && kill "$DEMO_PID" 2>/dev/null && wait "$DEMO_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

taskset -c 0 nginx -p "$OUT/nginx" -c "$ROOT/bench/nginx.conf" 2>"$OUT/nginx/stderr.log" &
NGINX_PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/" >/dev/null || die "nginx did not start, see $OUT/nginx/"
body_len=$(curl -s -o /dev/null -w '%{size_download} %{http_code}' "http://127.0.0.1:$PORT/")
[ "$body_len" = "100 200" ] || die "nginx answers '$body_len', expected a 100-byte 200"
curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/" > "$OUT/nginx/response-headers.txt"

stub_requests() { curl -s --max-time 2 "http://127.0.0.1:$PORT/nginx_status" | awk 'NR == 3 { print $3 }'; }
# utime+stime of a whole process (all threads), in clock ticks
proc_ticks() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; s=${s##*) }; set -- $s; echo $((${12} + ${13})); }
# busy ticks of one core (everything but idle and iowait)
core_ticks() { awk -v c="cpu$1" '$1 == c { printf "%d", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------------------------------------
# 1. Throughput and CPU per request (core 1)
# ---------------------------------------------------------------------------------------------
# Samples the steady-state window of one running tool; prints key=value lines.
POLLS=0
steady_window() {
  local pid=$1 tpid=$2 base r start t0 r0 c0 k10 k00 t1 r1 c1 k11 k01 conns
  base=$(stub_requests); POLLS=$((POLLS + 1))
  local polls_before=$POLLS
  while :; do # the load has begun once nginx has answered 100 more requests (not counting ours)
    kill -0 "$tpid" 2>/dev/null || { echo "window=none"; return; }
    r=$(stub_requests); POLLS=$((POLLS + 1))
    [ $((r - base - (POLLS - polls_before))) -gt 100 ] && break
    sleep 0.05
  done
  start=$(now)
  if [ $((SECONDS_RUN - 3 - WARMUP)) -lt 2 ]; then echo "window=none (run too short)"; return; fi
  echo "load_started_after_launch_s=$(awk -v a="$start" -v b="$LAUNCH" 'BEGIN { printf "%.2f", a - b }')"
  sleep_until "$(awk -v s="$start" -v w="$WARMUP" 'BEGIN { printf "%.3f", s + w }')"
  t0=$(now); c0=$(proc_ticks "$pid") || { echo "window=none"; return; }
  r0=$(stub_requests); POLLS=$((POLLS + 1)); k10=$(core_ticks 1); k00=$(core_ticks 0)
  conns=$(ss -Htn state established "( dport = :$PORT )" | wc -l)
  sleep_until "$(awk -v s="$start" -v d="$SECONDS_RUN" 'BEGIN { printf "%.3f", s + d - 3 }')"
  t1=$(now); c1=$(proc_ticks "$pid") || { echo "window=none"; return; }
  r1=$(stub_requests); POLLS=$((POLLS + 1)); k11=$(core_ticks 1); k01=$(core_ticks 0)
  echo "window=ok"
  echo "window_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  echo "window_cpu_s=$(awk -v a="$c0" -v b="$c1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  echo "window_requests=$((r1 - r0 - 1))" # minus the stub_status request itself
  echo "window_core1_busy_s=$(awk -v a="$k10" -v b="$k11" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  echo "window_core0_busy_s=$(awk -v a="$k00" -v b="$k01" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  echo "connections=$conns"
}

run_once() { # NAME COMMAND...: one measured run of one tool
  local name=$1; shift
  local d="$OUT/throughput" tpid pid before after
  echo "$*" > "$d/$name.cmd"
  POLLS=0
  before=$(stub_requests)
  LAUNCH=$(now)
  taskset -c 1 /usr/bin/time -f '%U %S %e %M' -o "$d/$name.time" "$@" >"$d/$name.out" 2>"$d/$name.err" &
  tpid=$!
  pid=""
  for _ in $(seq 200); do pid=$(pgrep -P "$tpid" | head -1 || true); [ -n "$pid" ] && break; sleep 0.02; done
  if [ -z "$pid" ]; then
    wait "$tpid" || true
    echo "did not start: $(head -c 300 "$d/$name.err")" > "$d/$name.skipped"
    return
  fi
  steady_window "$pid" "$tpid" > "$d/$name.window"
  local rc=0
  wait "$tpid" || rc=$?
  after=$(stub_requests)
  {
    echo "exit_status=$rc"
    echo "nginx_requests_total=$((after - before - 1 - POLLS))"
  } >> "$d/$name.window"
  sleep 2 # let this tool's sockets close before the next one starts
}

# Percent of core 1 used by processes other than the measured tool during its steady window.
foreign_core1() {
  awk -F= '{ v[$1] = $2 } END { if (v["window"] != "ok") print 0; else printf "%d", 100 * (v["window_core1_busy_s"] - v["window_cpu_s"]) / v["window_s"] }' "$1"
}
# The machine is shared: wait (up to 20 s) for a second in which core 1 is less than 10 % busy.
wait_quiet() {
  local a0 a1
  for _ in $(seq 20); do
    a0=$(core_ticks 1); sleep 1; a1=$(core_ticks 1)
    [ $(((a1 - a0) * 100 / CLK_TCK)) -lt 10 ] && return 0
  done
  say "  core 1 is busy with other processes; measuring anyway"
}
# One run per tool; repeated once if another process used more than 10 % of core 1 during the
# steady window (the first attempt's files are kept as NAME.attempt1.*). The table reports the
# last attempt and, for every tool, how busy core 1 was with other processes.
run_tool() { # NAME COMMAND...
  local name=$1 d="$OUT/throughput" foreign f
  say "throughput: $name (${SECONDS_RUN}s, $USERS connections, core 1)"
  wait_quiet
  run_once "$@"
  [ -f "$d/$name.window" ] || return 0
  foreign=$(foreign_core1 "$d/$name.window")
  if [ "$foreign" -gt 10 ] && [ "$SECONDS" -lt 300 ]; then
    say "  other processes used ${foreign}% of core 1 during the window: measuring $name again"
    for f in "$d/$name".*; do mv "$f" "$d/$name.attempt1.${f#"$d/$name."}"; done
    wait_quiet
    run_once "$@"
    echo "attempts=2" >> "$d/$name.window"
  fi
}

GATLING_JVM=(-XX:+HeapDumpOnOutOfMemoryError -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 -Xmx1G
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED)
URL="http://127.0.0.1:$PORT/"

skipped wrk || { if command -v wrk >/dev/null; then
  run_tool wrk wrk -t1 -c"$USERS" -d"${SECONDS_RUN}s" "$URL"
else echo "wrk not installed" > "$OUT/throughput/wrk.skipped"; fi; }

skipped loadtest || run_tool loadtest "$ROOT/loadtest" run bench/closed-50.yaml \
  --users "$USERS" --duration "${SECONDS_RUN}s" --quiet --out "$OUT/throughput/loadtest-results"

skipped hey || { if command -v hey >/dev/null; then
  run_tool hey hey -c "$USERS" -z "${SECONDS_RUN}s" "$URL"
else echo "hey not installed" > "$OUT/throughput/hey.skipped"; fi; }

skipped locust || { if "$SYS_PY" -c 'import locust.contrib.fasthttp' 2>/dev/null; then
  run_tool locust "$SYS_PY" -m locust -f bench/locustfile.py --headless -u "$USERS" -r "$USERS" \
    -t "${SECONDS_RUN}s" --host "http://127.0.0.1:$PORT" --csv "$OUT/throughput/locust" --only-summary
else echo "python3-locust (FastHttpUser) not importable by $SYS_PY" > "$OUT/throughput/locust.skipped"; fi; }

# Gatling runs in a plain java process (the JVM flags gatling-maven-plugin 4.21 uses for its forked
# JVM), so only Gatling is measured, not Maven. -nr: no HTML report after the run.
skipped gatling || { [ -n "$GATLING_OK" ] && run_tool gatling "$JAVA" "${GATLING_JVM[@]}" \
  -Dbench.target="http://127.0.0.1:$PORT" -Dbench.users="$USERS" -Dbench.seconds="$SECONDS_RUN" \
  -cp "bench/gatling/target/test-classes:$(cat "$OUT/build/gatling-classpath.txt")" \
  io.gatling.app.Gatling -s bench.ClosedSimulation -rf "$OUT/throughput/gatling-results" -nr; }

# The JDK's java.net.http.HttpClient, driven by 50 virtual threads doing blocking send(): once with
# the client's default executor, once with a virtual-thread-per-task executor (its best case here).
skipped jdk-httpclient || { [ -n "$JDKCLIENT_OK" ] && run_tool jdk-httpclient "$JAVA" -XX:+UseG1GC -Xss512k \
  -cp "$OUT/build/jdkclient" JdkHttpClientBench "$URL" "$USERS" "$SECONDS_RUN" default; }
skipped jdk-httpclient || { [ -n "$JDKCLIENT_OK" ] && run_tool jdk-httpclient-vt "$JAVA" -XX:+UseG1GC -Xss512k \
  -cp "$OUT/build/jdkclient" JdkHttpClientBench "$URL" "$USERS" "$SECONDS_RUN" virtual; }

# ---------------------------------------------------------------------------------------------
# 2. Latency accuracy against a 50 ms endpoint (demo target on core 0, clients on core 1)
# ---------------------------------------------------------------------------------------------
if ! skipped latency; then
  say "latency: demo target with --fixed-latency-ms 50 on core 0"
  taskset -c 0 "$ROOT/loadtest" demo-target --port "$PORT_DEMO" --fixed-latency-ms 50 \
    > "$OUT/latency/demo-target.log" 2>&1 &
  DEMO_PID=$!
  DEMO="http://127.0.0.1:$PORT_DEMO"
  for _ in $(seq 150); do
    curl -fs -X POST -H 'Content-Type: application/json' -d '{"q":"x"}' "$DEMO/api/query" >/dev/null 2>&1 && break
    sleep 0.2
  done
  # Warm the demo target's JIT so neither measured tool pays for it.
  taskset -c 1 wrk -t1 -c10 -d3s -s bench/wrk-post.lua "$DEMO/api/query" > "$OUT/latency/warmup.out" 2>&1 || true
  say "latency: loadtest, 10 users, ${LAT_SECONDS}s"
  taskset -c 1 "$ROOT/loadtest" run bench/latency-10.yaml --target "$DEMO" --duration "${LAT_SECONDS}s" --quiet \
    --out "$OUT/latency/loadtest-results" > "$OUT/latency/loadtest.out" 2>&1 || true
  say "latency: wrk, 10 connections, ${LAT_SECONDS}s"
  taskset -c 1 wrk -t1 -c10 -d"${LAT_SECONDS}s" --latency -s bench/wrk-post.lua "$DEMO/api/query" \
    > "$OUT/latency/wrk.out" 2>&1 || true
  kill "$DEMO_PID" 2>/dev/null; wait "$DEMO_PID" 2>/dev/null || true; DEMO_PID=""
fi

# ---------------------------------------------------------------------------------------------
# 3. Idle virtual users: heap per user (engine on core 1)
# ---------------------------------------------------------------------------------------------
idle_case() { # LABEL USERS YAML PORT
  local label=$1 n=$2 yaml=$3 port=$4 d="$OUT/idle" base pid r waited limit
  say "idle: $label ($n users, $yaml, port $port)"
  base=$(stub_requests)
  taskset -c 1 "$ROOT/loadtest" run "$yaml" --users "$n" --target "http://127.0.0.1:$port" --quiet \
    --out "$d/$label-results" > "$d/$label.out" 2>&1 &
  pid=$!
  limit=$(( $(sed -n 's/.*rampUp: \([0-9]*\)s.*/\1/p' "$yaml") + 30 ))
  waited=0
  while :; do # every user has sent its one request when nginx has seen n more (besides our polls)
    r=$(stub_requests)
    [ $((r - base - waited - 1)) -ge "$n" ] && break
    if [ "$waited" -ge $((limit * 10)) ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "timeout: nginx saw $((r - base)) of $n requests" > "$d/$label.problem"; break
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  sleep 3 # the last users go from their response into think time
  {
    echo "users=$n"
    echo "waited_s=$(awk -v w="$waited" 'BEGIN { print w / 10 }')"
    echo "connections_to_18080=$(ss -Htn state established "( dport = :$PORT )" | wc -l)"
    echo "engine_open_fds=$(ls "/proc/$pid/fd" | wc -l)"
    echo "rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")"
  } > "$d/$label.txt"
  "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram > "$d/$label.histogram" 2>&1 # full GC, then live objects
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info > "$d/$label.heap_info" 2>&1
  echo "histogram_total_bytes=$(awk '$1 == "Total" { print $3 }' "$d/$label.histogram")" >> "$d/$label.txt"
  kill -TERM "$pid" # the graceful stop of Ctrl-C (a background job ignores SIGINT)
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  sleep 2
}
if ! skipped idle; then
  idle_case base-keepalive 10 bench/idle.yaml $PORT
  if [ "$NOFILE" -ge 10500 ]; then
    idle_case 10k-keepalive 10000 bench/idle.yaml $PORT
  else
    echo "open files limit $NOFILE < 10500: 10,000 open connections impossible" > "$OUT/idle/10k-keepalive.skipped"
  fi
  idle_case base-close 10 bench/idle.yaml $PORT_CLOSE
  idle_case 10k-close 10000 bench/idle.yaml $PORT_CLOSE
  idle_case 100k-close 100000 bench/idle-100k.yaml $PORT_CLOSE
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
cleanup
NGINX_PID=""
trap - EXIT

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
"$SYS_PY" bench/report.py "$OUT" "$SECONDS_RUN" "$WARMUP" "$LAT_SECONDS" | tee "$OUT/results.md"
