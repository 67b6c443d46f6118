package dev.loadtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code loadtest} program. Exit codes: 0 passed, 99 a threshold failed, 2 invalid input, 1 anything else. */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        version = "loadtest 0.1.0",
        description = "Runs LoadTest files: the same YAML a cluster runs, here on this machine.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            ReportCommand.class,
            AgentCommand.class,
            DemoTargetCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int INVALID = 2;
    public static final int THRESHOLDS_FAILED = 99;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this directly). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given streams. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return INVALID;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex);
            return ERROR;
        });
        return cli.execute(args);
    }
}
