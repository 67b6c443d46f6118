package dev.loadtest.engine.agent;

/** A runner agent's lifecycle, as it reports it on {@code GET /status}. */
public enum AgentState {
    /** Ready: the scenario is compiled, waiting for a start time. */
    READY,
    /** A start time was published; waiting for it. */
    SCHEDULED,
    RUNNING,
    /** Done; the final snapshot is served until the operator says shutdown. */
    FINISHED,
    /** Could not run (the message says why); any partial snapshot is still served. */
    FAILED
}
