#!/usr/bin/env bash
# The operator's footprint and its merge speed, reproducibly:
#  1. start-up time (launch to /q/health/ready) and idle RSS of the real operator jar, against a
#     standalone Kubernetes API (Fabric8 mock server, CRD installed), with several JVM setups;
#  2. merging 1,000 runner snapshots (60 intervals x 20 endpoints) on one core (MergeBenchmark), with
#     C1 only (the operator image's setting) and with C2 too.
#  3. the start skew across 1,000 runner agents (StartSkewBenchmark).
#  The idle RSS is set beside its floor: the JVM alone, and the Fabric8 client alone (ClientFloorMain).
# Usage: bench/operator.sh   (writes bench/out/operator.md)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT=bench/out; mkdir -p "$OUT"
./mvnw -q -B install -DskipTests >/dev/null
./mvnw -q -B test-compile -pl operator >/dev/null
CP=$(./mvnw -q -B dependency:build-classpath -pl operator -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
ECP=$(./mvnw -q -B dependency:build-classpath -pl engine -Dmdep.outputFile=/dev/stdout)

KUBECONFIG_FILE=$(mktemp)
taskset -c 0 "$JAVA" -cp "operator/target/test-classes:$CP" dev.loadtest.operator.bench.MockApiServerMain "$KUBECONFIG_FILE" crds/loadtests.loadtest.dev-v1.yml >"$OUT/mock-api.log" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "mock API server at" "$OUT/mock-api.log" && break; sleep 0.2; done
API=$(sed -n 's/.*mock API server at //p' "$OUT/mock-api.log")
# In a pod the client finds the cluster's CA (the service account's ca.crt) and builds its trust from it,
# even though this API answers plain HTTP: a CA of our own stands in for it, for every client in the JVM.
KEYTOOL="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
rm -f "$OUT/ca.p12" "$OUT/ca.crt" "$OUT/cluster-ca-only.p12"
"$KEYTOOL" -genkeypair -alias ca -keystore "$OUT/ca.p12" -storetype PKCS12 -storepass changeit -dname CN=cluster-ca -keyalg EC -ext bc:c >/dev/null 2>&1
"$KEYTOOL" -exportcert -rfc -alias ca -keystore "$OUT/ca.p12" -storepass changeit -file "$OUT/ca.crt" >/dev/null 2>&1
# the image's empty trust store (operator/Dockerfile), made the same way
"$KEYTOOL" -genkeypair -alias empty -keystore "$OUT/cluster-ca-only.p12" -storetype PKCS12 -storepass changeit -dname CN=empty -keyalg EC >/dev/null 2>&1
"$KEYTOOL" -delete -alias empty -keystore "$OUT/cluster-ca-only.p12" -storepass changeit
# Quarkus's Kubernetes client takes its API server from its own configuration
K8S=(-Dquarkus.kubernetes-client.api-server-url="$API" -Dquarkus.kubernetes-client.token=t -Dquarkus.kubernetes-client.namespace=default -Dkubernetes.certs.ca.file="$OUT/ca.crt")

JAR=operator/target/quarkus-app/quarkus-run.jar
AOT=$OUT/operator.aot
AOT_C2=$OUT/operator-c2.aot
# the operator image's flags (operator/Dockerfile): C1 only, serial GC, small heap that gives memory back
IMAGE_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms8m -Xmx96m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -XX:TrimNativeHeapInterval=2000 -Xss256k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Dkubernetes.truststore.file=$OUT/cluster-ca-only.p12)
C2_FLAGS=("${IMAGE_FLAGS[@]:1}") # the same with C2 too (full tiered compilation)

# JDK 25 ahead-of-time cache (JEP 514/515), recorded as the image's build records it
# (operator/aot-train.sh: one training start against a stand-in API), with the flags it is used with.
train() { # cache, JVM flags...
  local cache=$1; shift
  JAVA="$JAVA" KEYTOOL="$KEYTOOL" AOT_TRAINING_LOG="$OUT/aot-training.log" sh operator/aot-train.sh "$cache" operator/target/quarkus-app "$@"
}
train "$AOT" "${IMAGE_FLAGS[@]}"
train "$AOT_C2" "${C2_FLAGS[@]}"

# a failed run's runner pod, kept for its logs
RUNNER_POD='{"apiVersion":"v1","kind":"Pod","metadata":{"name":"lt-kept-runner-0","namespace":"default","labels":{"app.kubernetes.io/managed-by":"loadtest-operator","loadtest.dev/name":"lt-kept"}},"spec":{"restartPolicy":"Never","containers":[{"name":"runner","image":"runner:0.1.0","args":["agent"],"env":[{"name":"LOADTEST_SPEC","value":"{}"}],"resources":{"requests":{"cpu":"500m","memory":"256Mi"}}}]},"status":{"phase":"Failed","containerStatuses":[{"name":"runner","ready":false,"restartCount":0,"image":"runner:0.1.0","imageID":"sha256:1","state":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}]}}'

measure() { # name, cores (taskset list), JVM flags...
  local name=$1 cores=$2; shift 2
  while ss -ltn | grep -q ':28380 '; do sleep 0.2; done # nothing else may answer on our port
  local start=$(date +%s%N)
  taskset -c "$cores" "$JAVA" "$@" "${K8S[@]}" -Dquarkus.http.port=28380 -jar "$JAR" >"$OUT/operator-$name.log" 2>&1 &
  local pid=$!
  local ready=""
  for _ in $(seq 1500); do
    kill -0 $pid 2>/dev/null || break
    if curl -sf -o /dev/null http://127.0.0.1:28380/q/health/ready; then ready=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
    sleep 0.01
  done
  if ! kill -0 $pid 2>/dev/null; then printf '| %s | %s | `%s` | failed to start (see %s) | - |\n' "$name" "$cores" "$*" "$OUT/operator-$name.log"; return; fi
  sleep 20 # idle: no LoadTests
  local rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  printf '| %s | %s | `%s` | %s | %s |\n' "$name" "$cores" "$*" "${ready:-not ready}" "$rss"
}

# The floor under the idle RSS: the JVM alone, and the Fabric8 client alone watching pods and LoadTests
# (ClientFloorMain: no Quarkus, operator SDK, HTTP server or metrics), with the image's flags and each
# its own AOT cache.
# (an AOT cache holds classes from jars only, not from directories)
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" cf "$OUT/floor.jar" -C operator/target/classes . -C operator/target/test-classes .
FLOOR_CP="$OUT/floor.jar:$CP"
floor() { # mode
  local mode=$1 cache=$OUT/floor-$1.aot
  rm -f "$cache"
  "$JAVA" -XX:AOTCacheOutput="$cache" "${IMAGE_FLAGS[@]}" -Dkubernetes.certs.ca.file="$OUT/ca.crt" -cp "$FLOOR_CP" dev.loadtest.operator.bench.ClientFloorMain "$mode" "$API" >"$OUT/floor-$mode.log" 2>&1 &
  local pid=$!
  sleep 8; kill $pid; wait $pid 2>/dev/null || true
  local start=$(date +%s%N)
  taskset -c 1 "$JAVA" -XX:AOTCache="$cache" "${IMAGE_FLAGS[@]}" -Dkubernetes.certs.ca.file="$OUT/ca.crt" -cp "$FLOOR_CP" dev.loadtest.operator.bench.ClientFloorMain "$mode" "$API" >"$OUT/floor-$mode.log" 2>&1 &
  pid=$!
  local ready=""
  for _ in $(seq 1500); do
    if grep -q '^ready' "$OUT/floor-$mode.log"; then ready=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
    sleep 0.01
  done
  sleep 20
  local rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  printf '| %s | 1 | the image'"'"'s flags, own AOT cache | %s | %s |\n' "floor: $mode alone" "${ready:-not ready}" "$rss"
}

{
  echo "## Operator start-up and idle memory"
  echo
  echo "Launch to \`/q/health/ready\` = 200 (JVM start included), then RSS after 20 s idle. The mock API"
  echo "server runs on core 0: \"0,1\" shares it, \"1\" is one core of the operator's own. Setups alternate, three rounds."
  echo
  echo "| setup | cores | JVM flags | start-up (ms) | idle RSS (MB) |"
  echo "|---|---|---|---:|---:|"
  measure default 0,1
  measure image-no-aot 0,1 "${IMAGE_FLAGS[@]}"
  for _ in 1 2 3; do
    measure image 0,1 -XX:AOTCache="$AOT" "${IMAGE_FLAGS[@]}"
    measure image-c2 0,1 -XX:AOTCache="$AOT_C2" "${C2_FLAGS[@]}"
    measure image 1 -XX:AOTCache="$AOT" "${IMAGE_FLAGS[@]}"
    measure image-c2 1 -XX:AOTCache="$AOT_C2" "${C2_FLAGS[@]}"
  done
  # The Pod model's deserializers are built on the first runner pod (DeferredModelDeserializers): with
  # runner pods already there at start (a run going on, or a failed run's pods kept for their logs),
  # the start pays for them and the idle RSS holds them.
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "${API%/}/api/v1/namespaces/default/pods" -d "$RUNNER_POD"
  for _ in 1 2; do
    measure image-runner-pods 0,1 -XX:AOTCache="$AOT" "${IMAGE_FLAGS[@]}"
    measure image-runner-pods 1 -XX:AOTCache="$AOT" "${IMAGE_FLAGS[@]}"
  done
  curl -sf -o /dev/null -X DELETE "${API%/}/api/v1/namespaces/default/pods/lt-kept-runner-0"
  floor jvm
  floor client
  echo
  echo "## Merging 1,000 runner snapshots (60 intervals x 20 endpoints), one core"
  echo
  echo "The operator image's heap, GC and compiler (\`-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1\`), then the same with C2 too; two runs each, alternating:"
  echo
  echo '```'
  for _ in 1 2; do
    taskset -c 1 "$JAVA" -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "engine/target/classes:engine/target/test-classes:$ECP" dev.loadtest.engine.bench.MergeBenchmark 1000 | grep -v '^JSON' | sed 's/^/C1 /'
    taskset -c 1 "$JAVA" -Xmx96m -XX:+UseSerialGC -cp "engine/target/classes:engine/target/test-classes:$ECP" dev.loadtest.engine.bench.MergeBenchmark 1000 | sed 's/^/C2 /'
  done
  echo '```'
  echo
  echo "## Start skew across 1,000 runners"
  echo
  echo "1,000 real runner agents in one JVM (each with its own HTTP server), the operator's RunnerClient publishing one start time."
  echo
  echo '```'
  ulimit -n 65536 2>/dev/null || true
  "$JAVA" -Xmx4g -cp "operator/target/test-classes:operator/target/classes:$CP" dev.loadtest.operator.bench.StartSkewBenchmark 1000
  echo '```'
} | tee "$OUT/operator.md"
