package dev.loadtest.api.threshold;

/** The statistic of a metric that a threshold compares. */
public enum Aggregation {
    AVG("avg"),
    MED("med"),
    MIN("min"),
    MAX("max"),
    PERCENTILE("p(N)"),
    RATE("rate"),
    COUNT("count"),
    /** The latest sample of a gauge observed on the target (replicas, CPU, a Prometheus query). */
    LAST("last");

    public final String syntax;

    Aggregation(String syntax) {
        this.syntax = syntax;
    }
}
