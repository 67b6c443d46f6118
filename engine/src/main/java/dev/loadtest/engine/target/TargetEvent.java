package dev.loadtest.engine.target;

/**
 * Something that happened to the target: ScaledUp, ScaledDown, Restarted, OOMKilled, Evicted or
 * Terminated, with the object it happened to and details.
 *
 * @param t milliseconds since the run's start
 */
public record TargetEvent(long t, String type, String object, String detail) {}
