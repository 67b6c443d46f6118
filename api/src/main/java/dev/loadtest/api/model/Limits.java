package dev.loadtest.api.model;

/**
 * The most items each list of a LoadTest may hold: the CRD's maxItems (through {@code @Size}) and
 * the same check in {@code loadtest validate}, so a file that runs locally is also accepted by the
 * cluster. The API server bounds the cost of the CRD's CEL rules by these: a rule on a request in
 * {@code userClasses[].tasks[].steps[]} may run USER_CLASSES x TASKS x STEPS times per object, and
 * a CRD whose worst case exceeds the budget is refused (kubernetes/kubernetes#120973). Documented
 * in docs/loadtest-reference.md ("Limits").
 */
public final class Limits {
    public static final int USER_CLASSES = 20;
    public static final int TASKS = 100;
    /** A task's steps, and a class's onStart steps. */
    public static final int STEPS = 50;

    public static final int CHECKS = 50;
    public static final int STAGES = 100;
    public static final int ENV = 200;
    public static final int DATA_FILES = 50;
    public static final int THRESHOLDS = 200;
    public static final int ABORT_RULES = 50;
    public static final int VOLUMES = 50;
    public static final int TOLERATIONS = 50;
    public static final int PROMETHEUS_QUERIES = 50;

    // Status, written only by the operator (each well above what it writes).
    /** The operator lists the 10 busiest endpoints. */
    public static final int STATUS_ENDPOINTS = 100;
    /** The spec's thresholds and the profile's on other metrics. */
    public static final int STATUS_THRESHOLDS = THRESHOLDS + 50;

    public static final int STATUS_CONDITIONS = 20;
    public static final int STATUS_TERMINATIONS = 10;
    public static final int STATUS_NOTES = 20;

    private Limits() {}
}
