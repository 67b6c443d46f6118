#!/usr/bin/env bash
# Heap of the operator's runner pod cache: 1,000 runner pods as the API server returns them, held
# whole (Fabric8 Pods) and trimmed (RunnerPodCache). docs/benchmarks.md quotes its output.
#
#   bench/pod-cache.sh [PODS]    (default 1000; needs ./mvnw install -DskipTests run once)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B test-compile -pl operator
CP=$(./mvnw -q -B dependency:build-classpath -pl operator -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -cp "operator/target/test-classes:operator/target/classes:$CP" \
  dev.loadtest.operator.bench.PodCacheHeap examples/cluster/checkout-load.yaml "${1:-1000}" 2>/dev/null
