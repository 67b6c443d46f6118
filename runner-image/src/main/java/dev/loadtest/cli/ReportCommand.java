package dev.loadtest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.load.LoadShapes;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.report.TargetArchive;
import dev.loadtest.engine.report.TargetText;
import dev.loadtest.engine.report.TextSummary;
import dev.loadtest.engine.run.RunResult;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest report NAME}: fetches a LoadTest's stored results from the cluster and writes what
 * {@code run --out} writes. The thresholds are those the operator judged the run by (kept in status:
 * the run's own, not a spec edited since), so summary.json and the exit code agree with the verdict.
 */
@Command(
        name = "report",
        description = "Fetches a LoadTest's results from the cluster (kubeconfig); prints the summary, writes"
                + " results.json and summary.json. Judged by the thresholds the run was judged by (status.thresholds);"
                + " exit codes as for run: 99 if one fails or an abort rule stopped the run, 1 if it ended in Error.")
final class ReportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Named explicitly: no discovery round-trip, and no dependency on the operator's classes. */
    static final ResourceDefinitionContext LOADTESTS = new ResourceDefinitionContext.Builder()
            .withGroup("loadtest.dev")
            .withVersion("v1alpha1")
            .withKind("LoadTest")
            .withPlural("loadtests")
            .withNamespaced(true)
            .build();

    @Parameters(index = "0", paramLabel = "NAME", description = "LoadTest name")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            description = "Namespace (default: the kubeconfig's)")
    String namespace;

    @Option(names = "--out", paramLabel = "DIR", description = "Write results.json and summary.json here")
    Path out;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
        Config config =
                kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig)) : Config.autoConfigure(null);
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            String ns =
                    namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
            GenericKubernetesResource lt = client.genericKubernetesResources(LOADTESTS)
                    .inNamespace(ns)
                    .withName(name)
                    .get();
            if (lt == null) {
                cmd.commandLine().getErr().println("error: no LoadTest " + name + " in namespace " + ns);
                return Main.INVALID;
            }
            Map<?, ?> status = lt.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? m : Map.of();
            if ("Invalid".equals(status.get("phase"))) {
                // nothing ran: the same answer as `loadtest run` of that spec
                cmd.commandLine().getErr().println("✗ LoadTest " + name + ": " + status.get("message"));
                return Main.INVALID;
            }
            String uid = lt.getMetadata().getUid();
            ConfigMap cm = ofThisLoadTest(
                    client.configMaps()
                            .inNamespace(ns)
                            .withName(name + "-results")
                            .get(),
                    uid);
            if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(ResultsArchive.KEY)) {
                Object phase =
                        lt.getAdditionalProperties().get("status") instanceof Map<?, ?> s ? s.get("phase") : null;
                cmd.commandLine()
                        .getErr()
                        .println("error: LoadTest " + name + " has no stored results yet (phase " + phase + ")");
                return Main.ERROR;
            }
            RunSnapshot snapshot = ResultsArchive.unpack(
                    Base64.getDecoder().decode(cm.getBinaryData().get(ResultsArchive.KEY)));
            LoadTest test = new LoadTest();
            test.apiVersion = LoadTest.API_VERSION;
            test.kind = LoadTest.KIND;
            // the spec the run started with, stored with its results; the LoadTest's own may have
            // been edited since (an operator before it stored none: the LoadTest's, with a note)
            String storedSpec = cm.getBinaryData().get(ResultsArchive.SPEC_KEY);
            test.spec = storedSpec != null
                    ? JSON.readerFor(LoadTestSpec.class)
                            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .<LoadTestSpec>readValue(Base64.getDecoder().decode(storedSpec))
                    : JSON.convertValue(lt.getAdditionalProperties().get("spec"), LoadTestSpec.class);
            ConfigMap targetCm = ofThisLoadTest(
                    client.configMaps()
                            .inNamespace(ns)
                            .withName(name + "-target")
                            .get(),
                    uid);
            TargetObservations observed = targetCm == null
                            || targetCm.getBinaryData() == null
                            || !targetCm.getBinaryData().containsKey(TargetArchive.KEY)
                    ? null
                    : TargetArchive.unpack(
                            Base64.getDecoder().decode(targetCm.getBinaryData().get(TargetArchive.KEY)));
            List<String> expressions = judgedWith(status);
            if (expressions == null) { // no verdict in status: an Error run, or results from an older operator
                expressions = LoadTestParser.effective(test).spec.thresholds;
                if (storedSpec == null && expressions != null && !expressions.isEmpty()) {
                    cmd.commandLine()
                            .getErr()
                            .println("note: the status of " + name + " (phase " + status.get("phase")
                                    + ") holds no judged thresholds; judging with the LoadTest's current spec,"
                                    + " which may have been edited since the run");
                }
            }
            Object phase = status.get("phase");
            Object abortedBy = status.get("abortedBy");
            List<ThresholdResult> judged = ThresholdEvaluator.evaluate(expressions, snapshot, observed);
            // partial results of a broken run are no pass, whatever they measure: as the exit code
            // says, every threshold is printed and written as failed
            List<ThresholdResult> thresholds = "Error".equals(phase)
                    ? judged.stream()
                            .map(t -> new ThresholdResult(t.threshold(), t.measured(), t.limit(), false))
                            .toList()
                    : judged;
            // the URL the run was admitted with (a ${env.NAME} one expanded where the spec sets it)
            String target = status.get("targetUrl") instanceof String admitted
                    ? admitted
                    : test.spec.target == null || test.spec.target.url == null
                            ? "(absolute URLs)" // as `loadtest run` says it
                            : test.spec.target.url;
            // Aborted is a run the operator stopped (the stop annotation or an abort rule), as
            // `loadtest run` says of one stopped by Ctrl-C or an abort rule
            boolean stoppedEarly = "Aborted".equals(phase);
            cmd.commandLine()
                    .getOut()
                    .print(TextSummary.render(
                            new RunResult(snapshot, thresholds, stoppedEarly, shape(test, snapshot)), target));
            if (phase != null) {
                cmd.commandLine()
                        .getOut()
                        .println("\n  phase " + phase
                                + (abortedBy != null ? ", aborted by the abort rule \"" + abortedBy + "\"" : "")
                                + (status.get("message") != null ? ": " + status.get("message") : ""));
            }
            if (observed != null) {
                cmd.commandLine().getOut().print(TargetText.render(observed));
            }
            if (out != null) {
                ResultsWriter.write(
                        out,
                        snapshot,
                        thresholds,
                        observed,
                        "Aborted".equals(phase) && abortedBy != null ? abortedBy.toString() : null);
                cmd.commandLine()
                        .getOut()
                        .println("     results written to " + out + "/ (results.json, summary.json"
                                + (observed != null ? ", target.json" : "") + ")");
            }
            if ("Error".equals(phase)) { // partial results of a broken run: never a pass, whatever they measure
                cmd.commandLine()
                        .getErr()
                        .println("the run ended in Error (" + status.get("message") + "); its results are partial");
                return Main.ERROR;
            }
            if ("Aborted".equals(phase) && abortedBy != null) { // as `loadtest run` does when an abort rule fires
                cmd.commandLine()
                        .getErr()
                        .println("aborted by the abort rule \"" + abortedBy + "\"; results so far were kept");
                return Main.THRESHOLDS_FAILED;
            }
            return thresholds.isEmpty() || ThresholdEvaluator.allPassed(thresholds) ? Main.OK : Main.THRESHOLDS_FAILED;
        }
    }

    /**
     * The load as {@code loadtest run} describes it (the shape of the spec's load, profile applied),
     * then how many runners shared it. The shape is read from the LoadTest's spec, the only copy kept.
     */
    static String shape(LoadTest test, RunSnapshot snapshot) {
        String runners = snapshot.runners + " runner(s)";
        try {
            return LoadShapes.of(LoadTestParser.effective(test).spec.load).describe() + "; " + runners;
        } catch (RuntimeException e) { // a spec without a load, or one edited into nonsense since
            return runners;
        }
    }
    /**
     * The thresholds the operator judged the run by, as written in {@code status.thresholds}: those the
     * run started with, whatever the spec says now. Null when the status holds no verdict.
     */
    static List<String> judgedWith(Map<?, ?> status) {
        if (!(status.get("thresholds") instanceof List<?> judged)) {
            return null;
        }
        return judged.stream()
                .map(t -> t instanceof Map<?, ?> m ? m.get("expression") : null)
                .filter(java.util.Objects::nonNull)
                .map(String::valueOf)
                .toList();
    }

    /**
     * The ConfigMap, unless it belongs to another LoadTest: one deleted and applied again under the
     * same name leaves the old run's results until they are garbage-collected, and they are not this
     * run's.
     */
    static ConfigMap ofThisLoadTest(ConfigMap cm, String uid) {
        if (cm == null || uid == null || cm.getMetadata().getOwnerReferences() == null) {
            return cm;
        }
        boolean ownedByALoadTest =
                cm.getMetadata().getOwnerReferences().stream().anyMatch(o -> "LoadTest".equals(o.getKind()));
        boolean ours = cm.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
        return ownedByALoadTest && !ours ? null : cm;
    }
}
