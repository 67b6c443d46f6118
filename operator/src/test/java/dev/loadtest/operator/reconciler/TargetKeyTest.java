package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import org.junit.jupiter.api.Test;

/** The per-target queue knows a target written as ${env.NAME} by the URL it stands for. */
class TargetKeyTest {
    private static LoadTestResource test(String name, String env) {
        return Specs.resource(name, """
                target: {url: "${env.BASE_URL}/api"}
                env: [%s]
                runners: {env: [{name: BASE_URL, value: "http://from-runners"}]}
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """.formatted(env));
    }

    @Test
    void aUrlFromTheSpecsOwnEnvIsQueuedByTheUrlItStandsFor() {
        LoadTestResource a = test("a", "{name: BASE_URL, value: \"http://shop-a\"}");
        LoadTestResource b = test("b", "{name: BASE_URL, value: \"http://shop-b\"}");
        LoadTestResource a2 = test("a2", "{name: BASE_URL, value: \"http://shop-a\"}");

        assertThat(Admissions.targetOf(a)).isEqualTo("http://shop-a/api");
        assertThat(Admissions.targetOf(b)).isEqualTo("http://shop-b/api");
        assertThat(Admissions.targetOf(a2)).isEqualTo(Admissions.targetOf(a));
        assertThat(Admissions.targetOf(test("r", "")))
                .describedAs("spec.runners.env where spec.env does not set it")
                .isEqualTo("http://from-runners/api");
    }

    @Test
    void aUrlFromASecretIsQueuedAsWrittenAndNeverExpandedIntoStatus() {
        LoadTestResource secret = Specs.resource("s", """
                target: {url: "${env.BASE_URL}/api"}
                env: [{name: BASE_URL, valueFrom: {secretKeyRef: {name: staging, key: url}}}]
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """);

        assertThat(Admissions.targetOf(secret)).isEqualTo("${env.BASE_URL}/api");
    }

    @Test
    void theUrlIsTheOneARunnerSeesAsTheKubeletSetsItsEnvironment() {
        LoadTestResource kubelet = Specs.resource("k", """
                target: {url: "${env.BASE_URL}/api"}
                env: [{name: HOST, value: "shop-a"}]
                runners: {env: [{name: BASE_URL, value: "http://$(HOST):8080"}]}
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """);
        LoadTestResource secretBesideAValue = Specs.resource("s", """
                target: {url: "${env.BASE_URL}/api"}
                env: [{name: BASE_URL, valueFrom: {secretKeyRef: {name: staging, key: url}}}]
                runners: {env: [{name: BASE_URL, value: "http://from-runners"}]}
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """);

        assertThat(Admissions.targetOf(kubelet)).isEqualTo("http://shop-a:8080/api");
        assertThat(Admissions.targetOf(secretBesideAValue))
                .describedAs("in the pod the later runners.env value is the variable; a secret does not override it")
                .isEqualTo("http://from-runners/api");
    }

    @Test
    void anAdmittedTestHoldsTheTargetItWasAdmittedWith() {
        LoadTestResource a = test("a", "{name: BASE_URL, value: \"http://shop-b\"}");
        a.setStatus(new LoadTestStatus());
        a.getStatus().targetUrl = "http://shop-a/api";

        assertThat(Admissions.targetOf(a)).isEqualTo("http://shop-a/api");
    }
}
