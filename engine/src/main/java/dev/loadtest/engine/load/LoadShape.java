package dev.loadtest.engine.load;

/** How much load, over time: a closed model (users) or an open model (arrivals). */
public sealed interface LoadShape permits ClosedShape, OpenShape {
    /** Planned length of the run, excluding the graceful stop. */
    long totalNanos();

    /** One line for people: "closed: 0→10 users over 1m, hold 4m". */
    String describe();
}
