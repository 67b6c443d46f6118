#!/bin/sh
# Records the operator's JDK ahead-of-time cache (JEP 514/515) with one training start against a
# stand-in API (TrainingApi: an empty cluster, watches that stay open) that also asks the health
# endpoints as the kubelet would, so the cache holds what a start in a cluster loads. The operator
# image's build runs it (operator/Dockerfile); bench/operator.sh runs it for the caches it measures.
# Usage: aot-train.sh CACHE DEPLOYMENT_DIR [JVM flags...]
#   DEPLOYMENT_DIR holds quarkus-run.jar and app/ (the aot-jar layout). The cache records the class
#   path as the training saw it: train and run with the same absolute jar path.
set -u
cache=$1; dir=$2; shift 2
port=${AOT_TRAINING_PORT:-18443}
java=${JAVA:-java}
keytool=${KEYTOOL:-keytool}
rm -f "$cache"
# In a pod the client builds its trust from the service account's ca.crt: a throwaway CA stands in
# for it, so the cache holds what reading it loads (40 ms of a one-core start when it did not)
tmp=$(mktemp -d)
"$keytool" -genkeypair -alias ca -keystore "$tmp/ca.p12" -storetype PKCS12 -storepass changeit -dname CN=training-ca -keyalg EC -ext bc:c >/dev/null 2>&1
"$keytool" -exportcert -rfc -alias ca -keystore "$tmp/ca.p12" -storepass changeit -file "$tmp/ca.crt" >/dev/null 2>&1
http_port=${AOT_TRAINING_HTTP_PORT:-18080}
# the stand-in API; once the operator listens, it asks its health endpoints as the kubelet would
"$java" -cp "$dir/app/*" dev.loadtest.operator.aot.TrainingApi "$port" \
  "http://127.0.0.1:$http_port/q/health/ready" "http://127.0.0.1:$http_port/q/health/live" >/dev/null 2>&1 &
api=$!
sleep 1
# the training start: the informers list and watch, the probes are answered; TERM after 15 s ends
# it, and the JVM writes the cache as it exits
timeout 15 "$java" -XX:AOTCacheOutput="$cache" "$@" \
  -Dquarkus.kubernetes-client.api-server-url="http://127.0.0.1:$port/" -Dquarkus.kubernetes-client.token=training \
  -Dquarkus.kubernetes-client.namespace=default -Dquarkus.http.port="$http_port" -Dkubernetes.certs.ca.file="$tmp/ca.crt" \
  -jar "$dir/quarkus-run.jar" >"${AOT_TRAINING_LOG:-/dev/null}" 2>&1
kill "$api" 2>/dev/null
wait "$api" 2>/dev/null
rm -rf "$tmp"
test -s "$cache" || echo "no AOT cache recorded: the operator starts without it" >&2
exit 0
