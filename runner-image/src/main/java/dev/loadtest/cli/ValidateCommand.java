package dev.loadtest.cli;

import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.parse.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loadtest validate [--cluster] FILE...}: the checks of {@code run} (or of the operator), without running. */
@Command(name = "validate", description = "Checks LoadTest files without running them (exit 2 if any is invalid).")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "LoadTest YAML files")
    List<Path> files;

    @Option(
            names = "--cluster",
            description = "Also check what a run by the operator needs, as it will: data from config maps"
                    + " (configMapKeyRef), every $${env.NAME} declared in spec.env or spec.runners.env")
    boolean cluster;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int code = Main.OK;
        for (Path f : files) {
            try {
                if (cluster) {
                    for (Problem w : LoadTestFiles.checkForCluster(f)) {
                        spec.commandLine().getErr().println("! " + f + ": " + w);
                    }
                } else {
                    LoadTestFiles.read(f);
                }
                spec.commandLine().getOut().println("✓ " + f + " is valid" + (cluster ? " for a cluster" : ""));
            } catch (InvalidLoadTestException e) {
                spec.commandLine().getErr().println("✗ " + e.getMessage());
                code = Main.INVALID;
            }
        }
        return code;
    }
}
