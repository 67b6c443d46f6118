package dev.loadtest.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.Metadata;
import dev.loadtest.api.status.LoadTestStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The LoadTest custom resource: the api module's spec and status, served by the API server. */
@Group("loadtest.dev")
@Version("v1alpha1")
@Kind("LoadTest")
@Plural("loadtests")
@ShortNames("lt")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Users",
        jsonPath = ".status.users.current",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Req/s",
        jsonPath = ".status.summary.requestsPerSecond",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "P95(ms)", jsonPath = ".status.summary.p95", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "Errors(%)",
        jsonPath = ".status.summary.errorPercent",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Verdict", jsonPath = ".status.verdict", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class LoadTestResource extends CustomResource<LoadTestSpec, LoadTestStatus> implements Namespaced {
    public static final String STOP_ANNOTATION = "loadtest.dev/stop";

    // Overridden only to describe spec and status in the CRD (kubectl explain loadtest.spec).
    @Override
    @JsonPropertyDescription("What to load, how hard, for how long, and how to judge it; see"
            + " docs/loadtest-reference.md. The same document runs locally with loadtest run.")
    @Required
    public LoadTestSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed and decided: phase, runners, live figures, the verdict"
            + " and where the results are. Written only by the operator.")
    public LoadTestStatus getStatus() {
        return super.getStatus();
    }

    /** The document as the user wrote it, for the shared validator and for the runners. */
    public LoadTest asLoadTest() {
        LoadTest t = new LoadTest();
        t.apiVersion = LoadTest.API_VERSION;
        t.kind = LoadTest.KIND;
        t.metadata = new Metadata();
        t.metadata.name = getMetadata().getName();
        t.metadata.namespace = getMetadata().getNamespace();
        t.spec = getSpec();
        return t;
    }

    /** The spec's generation (0 where the API server gave none, as in a document read from a file). */
    public long generation() {
        return getMetadata().getGeneration() == null ? 0 : getMetadata().getGeneration();
    }

    public boolean stopRequested() {
        var a = getMetadata().getAnnotations();
        return a != null && "true".equalsIgnoreCase(a.get(STOP_ANNOTATION));
    }
}
