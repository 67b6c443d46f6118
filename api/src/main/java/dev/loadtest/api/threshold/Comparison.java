package dev.loadtest.api.threshold;

/** A comparison operator of a threshold. */
public enum Comparison {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=="),
    NE("!=");

    public final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public boolean holds(double measured, double limit) {
        return switch (this) {
            case LT -> measured < limit;
            case LE -> measured <= limit;
            case GT -> measured > limit;
            case GE -> measured >= limit;
            case EQ -> measured == limit;
            case NE -> measured != limit;
        };
    }
}
