package dev.loadtest.cli;

/** Entry point of the {@code loadtest} program. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("loadtest");
    }
}
