package dev.loadtest.api.parse;

import static dev.loadtest.api.parse.Docs.VALID_SPEC;
import static dev.loadtest.api.parse.Docs.onlyProblem;
import static dev.loadtest.api.parse.Docs.problemAt;
import static dev.loadtest.api.parse.Docs.problems;
import static dev.loadtest.api.parse.Docs.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.target.workload, spec.target.prometheus, and thresholds that read from them. */
class ObservationValidationTest {
    private static final String QUERY = "        query: sum(rate(cache_hits[1m])) / sum(rate(cache_requests[1m]))\n";
    private static final String WATCHED = VALID_SPEC.replace("""
            target:
              url: http://api.shop.svc:8080
            """, """
            target:
              url: http://api.shop.svc:8080
              workload:
                namespace: shop
                hpa: api
                podSelector: {app: api}
              prometheus:
                url: http://prometheus.monitoring:9090
                bearerTokenSecret: {name: prom, key: token}
                queries:
                  - name: cacheHitRate
                    query: sum(rate(cache_hits[1m])) / sum(rate(cache_requests[1m]))
            """);

    @Test
    void fullyWatchedSpecIsValid() {
        LoadTest t = Docs.parse(withSpec(WATCHED + """
                thresholds:
                  - "target.cpu: max < 70%"
                  - "target.replicas: max < target.hpa.maxReplicas"
                  - "target.oomKilled: count == 0"
                  - "prometheus.cacheHitRate: avg > 80%"
                abort:
                  - "http_req_failed: rate > 5% for 1m"
                  - "target.oomKilled: count > 0"
                """));

        assertThat(t.spec.target.prometheus.queries).hasSize(1);
        assertThat(t.spec.target.workload.podSelector).containsEntry("app", "api");
    }

    @Test
    void targetThresholdWithoutWorkloadSaysWhatIsMissing() {
        Problem p = onlyProblem(withSpec(VALID_SPEC + "thresholds: [\"target.cpu: max < 70%\"]\n"));

        assertThat(p.path()).isEqualTo("spec.thresholds[0]");
        assertThat(p.message())
                .isEqualTo("target.cpu needs spec.target.workload.podSelector to know which pods to watch");
    }

    @Test
    void hpaReferenceNeedsAnHpa() {
        String spec = WATCHED.replace("    hpa: api\n", "")
                + "abort: [\"target.replicas: last >= target.hpa.maxReplicas for 2m\"]\n";
        Problem p = onlyProblem(withSpec(spec));

        assertThat(p.path()).isEqualTo("spec.abort[0]");
        assertThat(p.message()).contains("target.hpa.maxReplicas needs spec.target.workload.hpa");
    }

    @Test
    void unknownQueryNameListsTheDefinedOnes() {
        Problem p = onlyProblem(withSpec(WATCHED + "thresholds: [\"prometheus.cacheHit: avg > 80%\"]\n"));

        assertThat(p.path()).isEqualTo("spec.thresholds[0]");
        assertThat(p.message())
                .isEqualTo("no query named \"cacheHit\" in spec.target.prometheus.queries; defined: cacheHitRate");
    }

    @Test
    void prometheusThresholdWithoutPrometheus() {
        Problem p = onlyProblem(withSpec(VALID_SPEC + "thresholds: [\"prometheus.x: last < 1\"]\n"));

        assertThat(p.message()).contains("needs spec.target.prometheus with a query named \"x\"");
    }

    @Test
    void prometheusProblemsAreAllReported() {
        String spec = WATCHED.replace("url: http://prometheus.monitoring:9090", "url: prometheus:9090")
                .replace("{name: prom, key: token}", "{name: prom}")
                .replace("- name: cacheHitRate", "- name: cache-hit")
                .replace(QUERY, QUERY + "      - name: second\n        query: \" \"\n");
        List<Problem> problems = problems(withSpec(spec));

        assertThat(problemAt(problems, "spec.target.prometheus.url").message()).contains("http:// or https://");
        assertThat(problemAt(problems, "spec.target.prometheus.bearerTokenSecret.key")
                        .message())
                .contains("is required");
        assertThat(problemAt(problems, "spec.target.prometheus.queries[0].name").message())
                .contains("letters, digits and '_'");
        assertThat(problemAt(problems, "spec.target.prometheus.queries[1].query")
                        .message())
                .contains("PromQL expression");
    }

    @Test
    void workloadThatWatchesNothing() {
        String spec = VALID_SPEC.replace(
                "  url: http://api.shop.svc:8080\n",
                "  url: http://api.shop.svc:8080\n  workload: {namespace: shop}\n");
        Problem p = onlyProblem(withSpec(spec));

        assertThat(p.path()).isEqualTo("spec.target.workload");
        assertThat(p.message()).contains("set hpa (an HPA's name) and/or podSelector");
    }

    @Test
    void duplicateQueryNames() {
        String spec = WATCHED.replace(QUERY, QUERY + "      - name: cacheHitRate\n        query: up\n");
        Problem p = onlyProblem(withSpec(spec));

        assertThat(p.path()).isEqualTo("spec.target.prometheus.queries[1].name");
        assertThat(p.message()).contains("used twice");
    }
}
