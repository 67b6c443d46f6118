package dev.loadtest.api.threshold;

/** A threshold that does not parse; the message shows the expression with a caret under the fault. */
public class ThresholdSyntaxException extends IllegalArgumentException {
    private final int position;

    public ThresholdSyntaxException(String expression, int position, String what) {
        super("at character " + (position + 1) + ": " + what + "\n      " + expression + "\n      "
                + " ".repeat(Math.max(0, position)) + "^");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
