package dev.loadtest.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.loadtest.engine.Runs;
import dev.loadtest.engine.TestServer;
import dev.loadtest.engine.TestServer.Reply;
import dev.loadtest.engine.run.RunResult;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFeaturesTest {
    @TempDir
    Path dir;

    @Test
    void valuesAreExtractedFromHeadersAndByRegexAndAMissingValueFailsTheRequest() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on(
                    "/start",
                    r -> new Reply(200, "<input name=csrf value=\"abc123\">", 0, Map.of("X-Session", "s-42")));
            server.on(
                    "/use",
                    r -> "s-42".equals(r.header("X-Session")) && "abc123".equals(r.header("X-Csrf"))
                            ? Reply.ok("ok")
                            : new Reply(400, "", 0, Map.of()));
            server.on("/empty", r -> Reply.ok("{}"));
            RunResult result = Runs.run(Runs.spec(server.url(), "{users: 1, duration: 300ms}", """
                    thinkTime: {constant: 50ms}
                    scenario:
                      onStart:
                        - name: start
                          request: {path: /start}
                          extract: {session: "header:X-Session", csrf: "regex:value=\\"([a-z0-9]+)\\""}
                        - name: empty
                          request: {path: /empty}
                          extract: {missing: $.token}
                      tasks:
                        - name: use
                          request: {path: /use, headers: {X-Session: "${session}", X-Csrf: "${csrf}"}}
                    """));
            Map<String, EndpointStats> t = result.snapshot().totals;
            assertThat(t.get("use").success).isPositive().isEqualTo(t.get("use").requests());
            assertThat(t.get("empty").checkFailed)
                    .describedAs("a value not found fails the request")
                    .isEqualTo(1);
            assertThat(result.snapshot().checks)
                    .filteredOn(c -> c.check.equals("extract missing"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.failed).isEqualTo(1));
        }
    }

    @Test
    void valuesThatAreNotURLSafeAreEscapedAndAURLNothingMendsFailsWithoutEndingTheUser() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on(
                    "/start",
                    r -> Reply.ok(
                            "{\"term\": \"red \\\"shoes\\\" {50%} ü\", \"host\": \"bad host\", \"port\": \"99999\"}"));
            server.on("/s/red \"shoes\" {50%} ü", r -> Reply.ok("found"));
            RunResult result = Runs.run(Runs.spec(server.url(), "{users: 1, duration: 400ms}", """
                    thinkTime: {constant: 10ms}
                    scenario:
                      onStart:
                        - name: start
                          request: {path: /start}
                          extract: {term: $.term, host: $.host, port: $.port}
                      tasks:
                        - name: search
                          request: {path: "/s/${term}?q=${term}"}
                          checks: [{status: 200}]
                        - name: broken
                          request: {url: "http://${host}/x"}
                        - name: badport
                          request: {url: "http://127.0.0.1:${port}/x"}
                    """));
            Map<String, EndpointStats> t = result.snapshot().totals;
            assertThat(t.get("search").success)
                    .describedAs("sent escaped, answered by the path the server decoded")
                    .isPositive()
                    .isEqualTo(t.get("search").requests())
                    .isEqualTo(server.count("/s/red \"shoes\" {50%} ü"));
            assertThat(server.seen())
                    .filteredOn(s -> s.path().startsWith("/s/"))
                    .first()
                    .satisfies(s -> assertThat(
                                    java.net.URLDecoder.decode(s.query(), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo("q=red \"shoes\" {50%} ü"));
            assertThat(t.get("broken").connectionError)
                    .describedAs("a host with a space: failed, counted")
                    .isPositive()
                    .isEqualTo(t.get("broken").requests());
            assertThat(t.get("badport").connectionError)
                    .describedAs("a port out of range: failed, counted")
                    .isPositive()
                    .isEqualTo(t.get("badport").requests());
            assertThat(result.snapshot().iterations)
                    .describedAs("the user went on after each broken request")
                    .isEqualTo(t.get("search").requests()
                            + t.get("broken").requests()
                            + t.get("badport").requests());
        }
    }

    @Test
    void aDurationCheckFailsSlowResponses() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("/slow", r -> Reply.ok("").delayed(60));
            RunResult result = Runs.run(Runs.spec(server.url(), "{users: 1, duration: 400ms}", """
                    scenario:
                      tasks: [{name: slow, request: {path: /slow}, checks: [{status: 200}, {maxDuration: 30ms}]}]
                    """));
            EndpointStats slow = result.snapshot().totals.get("slow");
            assertThat(slow.checkFailed).isPositive().isEqualTo(slow.requests());
            CheckStats duration = result.snapshot().checks.stream()
                    .filter(c -> c.check.equals("duration < 30ms"))
                    .findFirst()
                    .orElseThrow();
            assertThat(duration.failed).isEqualTo(slow.requests());
        }
    }

    @Test
    void tlsVerifiesCertificatesUnlessSkipVerifyIsOptedIn() throws Exception {
        SSLContext ctx = dev.loadtest.engine.TestTls.serverContext(dir);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            byte[] b = "secure".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            String scenario = """
                    scenario:
                      tasks: [{name: tls, request: {path: /}, checks: [{bodyContains: secure}]}]
                    """;
            RunResult verified = Runs.run(Runs.spec(url, "{users: 1, duration: 300ms}", scenario));
            EndpointStats refused = verified.snapshot().totals.get("tls");
            assertThat(refused.connectionError)
                    .describedAs("a self-signed certificate is refused by default")
                    .isPositive()
                    .isEqualTo(refused.requests());
            RunResult skipped = Runs.run(Runs.spec(url, "{users: 1, duration: 300ms}", scenario)
                    .replace("timeout: 5s}", "timeout: 5s, insecureSkipTlsVerify: true}"));
            EndpointStats ok = skipped.snapshot().totals.get("tls");
            assertThat(ok.success).isPositive().isEqualTo(ok.requests());
        } finally {
            server.stop(0);
        }
    }
}
