package dev.loadtest.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Where the demo target listens: loopback by default, every address when asked (in a pod). */
class DemoTargetTest {
    private static int healthStatus(DemoTarget target) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(target.url() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void listensOnLoopbackByDefault() throws Exception {
        try (DemoTarget target = DemoTarget.start(0, DemoTarget.Options.defaults())) {
            assertThat(target.boundAddress().isLoopbackAddress()).isTrue();
            assertThat(target.url()).startsWith("http://127.0.0.1:");
            assertThat(healthStatus(target)).isEqualTo(200);
        }
    }

    @Test
    void listensOnEveryAddressWhenAskedSoAServiceCanReachIt() throws Exception {
        try (DemoTarget target = DemoTarget.start(InetAddress.getByName("0.0.0.0"), 0, DemoTarget.Options.defaults())) {
            assertThat(target.boundAddress().isAnyLocalAddress())
                    .describedAs("a pod's Service sends to the pod IP, not to loopback")
                    .isTrue();
            assertThat(target.url()).startsWith("http://127.0.0.1:");
            assertThat(healthStatus(target)).isEqualTo(200);
        }
    }

    @Test
    void itsUrlIsWhereItListens() throws Exception {
        try (DemoTarget target = DemoTarget.start(InetAddress.getByName("::1"), 0, DemoTarget.Options.defaults())) {
            assertThat(target.url())
                    .isEqualTo("http://[0:0:0:0:0:0:0:1]:" + target.port()); // no traffic: 127.0.0.1 only
        } catch (java.net.SocketException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + noIpv6);
        }
    }
}
