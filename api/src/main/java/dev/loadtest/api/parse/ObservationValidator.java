package dev.loadtest.api.parse;

import dev.loadtest.api.model.KeyRef;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.Prometheus;
import dev.loadtest.api.model.PrometheusQuery;
import dev.loadtest.api.model.Workload;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.api.units.Durations;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules on what the run watches besides its own requests: spec.target.workload and
 * spec.target.prometheus, and thresholds or abort rules over target.* and prometheus.* metrics,
 * which need the source they read from.
 */
final class ObservationValidator {
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private final List<Problem> problems;

    ObservationValidator(List<Problem> problems) {
        this.problems = problems;
    }

    void validate(LoadTestSpec spec) {
        Workload workload = spec.target == null ? null : spec.target.workload;
        Prometheus prometheus = spec.target == null ? null : spec.target.prometheus;
        workload(workload);
        Set<String> queries = prometheus(prometheus);
        judged(spec.thresholds, "spec.thresholds", workload, prometheus, queries, false);
        judged(spec.abort, "spec.abort", workload, prometheus, queries, true);
    }

    private void workload(Workload w) {
        if (w == null) {
            return;
        }
        String p = "spec.target.workload";
        if (w.namespace != null && !DNS_LABEL.matcher(w.namespace).matches()) {
            problems.add(new Problem(p + ".namespace", "found \"" + w.namespace + "\"; not a namespace name"));
        }
        if (w.hpa != null && !DNS_LABEL.matcher(w.hpa).matches()) {
            problems.add(new Problem(p + ".hpa", "found \"" + w.hpa + "\"; not a HorizontalPodAutoscaler name"));
        }
        if (w.podSelector != null && w.podSelector.isEmpty()) {
            problems.add(new Problem(
                    p + ".podSelector", "is empty and would select every pod; give the labels of the target's pods"));
        }
        if (w.hpa == null && w.podSelector == null) {
            problems.add(new Problem(p, "watches nothing; set hpa (an HPA's name) and/or podSelector (pod labels)"));
        }
    }

    private Set<String> prometheus(Prometheus prom) {
        Set<String> names = new HashSet<>();
        if (prom == null) {
            return names;
        }
        String p = "spec.target.prometheus";
        if (prom.url == null) {
            problems.add(new Problem(p + ".url", "is required; write e.g. url: http://prometheus.monitoring:9090"));
        } else {
            try {
                URI uri = URI.create(prom.url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(new Problem(
                            p + ".url", "found \"" + prom.url + "\"; expected an http:// or https:// URL with a host"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(p + ".url", "found \"" + prom.url + "\"; not a URL"));
            }
        }
        if (prom.interval != null) {
            try {
                if (Durations.parse(prom.interval).toMillis() < 1000) {
                    problems.add(
                            new Problem(p + ".interval", "found " + prom.interval + "; sample at most once a second"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(
                        p + ".interval", "found \"" + prom.interval + "\"; expected " + Durations.EXPECTED));
            }
        }
        keyRef(prom.bearerTokenSecret, p + ".bearerTokenSecret");
        if (prom.basicAuth != null) {
            if (prom.basicAuth.username == null) {
                problems.add(new Problem(p + ".basicAuth.username", "is required with basicAuth"));
            }
            if (prom.basicAuth.passwordSecret == null) {
                problems.add(new Problem(
                        p + ".basicAuth.passwordSecret", "is required with basicAuth; name a secret and its key"));
            }
            keyRef(prom.basicAuth.passwordSecret, p + ".basicAuth.passwordSecret");
            if (prom.bearerTokenSecret != null) {
                problems.add(new Problem(p, "sets both bearerTokenSecret and basicAuth; keep one"));
            }
        }
        if (prom.queries == null || prom.queries.isEmpty()) {
            problems.add(new Problem(
                    p + ".queries",
                    "is required: name at least one PromQL query, e.g. {name: cacheHitRate, query: ...}"));
            return names;
        }
        for (int i = 0; i < prom.queries.size(); i++) {
            PrometheusQuery q = prom.queries.get(i);
            String qp = p + ".queries[" + i + "]";
            if (q == null) {
                continue;
            }
            if (q.name == null || !QUERY_NAME.matcher(q.name).matches()) {
                problems.add(new Problem(
                        qp + ".name",
                        (q.name == null ? "is required" : "found \"" + q.name + "\"")
                                + "; a name is letters, digits and '_', used as prometheus.NAME"));
            } else if (!names.add(q.name)) {
                problems.add(new Problem(qp + ".name", "\"" + q.name + "\" is used twice; query names are unique"));
            }
            if (q.query == null || q.query.isBlank()) {
                problems.add(new Problem(qp + ".query", "is required: a PromQL expression returning one number"));
            }
        }
        return names;
    }

    private void keyRef(KeyRef ref, String p) {
        if (ref == null) {
            return;
        }
        if (ref.name == null) {
            problems.add(new Problem(p + ".name", "is required: the secret's name"));
        }
        if (ref.key == null) {
            problems.add(new Problem(p + ".key", "is required: the key within the secret"));
        }
    }

    private void judged(
            List<String> expressions,
            String p,
            Workload workload,
            Prometheus prometheus,
            Set<String> queries,
            boolean abort) {
        if (expressions == null) {
            return;
        }
        for (int i = 0; i < expressions.size(); i++) {
            Threshold t;
            try {
                t = abort
                        ? ThresholdParser.parseAbortRule(expressions.get(i))
                        : ThresholdParser.parse(expressions.get(i));
            } catch (IllegalArgumentException e) {
                continue; // reported with the spec as written
            }
            String at = p + "[" + i + "]";
            String name = t.metricName();
            if (t.metric() == Metric.PROMETHEUS) {
                if (prometheus == null) {
                    problems.add(new Problem(
                            at, name + " needs spec.target.prometheus with a query named \"" + t.series() + "\""));
                } else if (!queries.contains(t.series()) && prometheus.queries != null) {
                    problems.add(new Problem(
                            at,
                            "no query named \"" + t.series() + "\" in spec.target.prometheus.queries; defined: "
                                    + (queries.isEmpty()
                                            ? "none"
                                            : String.join(
                                                    ", ",
                                                    queries.stream().sorted().toList()))));
                }
                continue;
            }
            if (t.metric().source != Metric.Source.TARGET) {
                continue;
            }
            boolean hasPods = workload != null && workload.podSelector != null;
            boolean hasHpa = workload != null && workload.hpa != null;
            if (t.metric() == Metric.TARGET_REPLICAS ? !hasPods && !hasHpa : !hasPods) {
                problems.add(new Problem(
                        at,
                        name + " needs spec.target.workload."
                                + (t.metric() == Metric.TARGET_REPLICAS ? "hpa or podSelector" : "podSelector")
                                + " to know which pods to watch"));
            }
            if (t.limitRef() != null && !hasHpa) {
                problems.add(new Problem(at, t.limitRef() + " needs spec.target.workload.hpa (the HPA's name)"));
            }
        }
    }
}
