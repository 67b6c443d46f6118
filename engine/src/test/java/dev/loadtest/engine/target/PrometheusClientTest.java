package dev.loadtest.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus API's answers as documented, served on loopback (the real server: operator tests). */
class PrometheusClientTest {
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> seenQuery = new AtomicReference<>();
    private final AtomicReference<String> seenAuth = new AtomicReference<>();
    private PrometheusClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", ex -> {
            seenQuery.set(ex.getRequestURI().getRawQuery());
            seenAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body.get().contains("\"error\"") ? 400 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        client = new PrometheusClient(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/", Map.of("Authorization", "Bearer s3cret"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void vectorOfOneSeries() {
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[1700000000.5,\"0.875\"]}]}}");

        PrometheusClient.Answer a = client.query("sum(rate(x[1m]))");

        assertThat(a.value()).isEqualTo(0.875);
        assertThat(seenQuery.get()).isEqualTo("query=sum%28rate%28x%5B1m%5D%29%29");
        assertThat(seenAuth.get()).isEqualTo("Bearer s3cret");
    }

    @Test
    void scalar() {
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}}");

        assertThat(client.query("42").value()).isEqualTo(42.0);
    }

    @Test
    void infinityIsAValue() {
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"+Inf\"]}}");

        assertThat(client.query("histogram_quantile(0.99, x)").value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void severalSeriesAskForAggregation() {
        body.set(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"pod\":\"a\"},\"value\":[1,\"1\"]},{\"metric\":{\"pod\":\"b\"},\"value\":[1,\"2\"]}]}}");

        PrometheusClient.Answer a = client.query("up");

        assertThat(a.value()).isNull();
        assertThat(a.problem()).contains("returned 2 series; aggregate it");
    }

    @Test
    void badQueryIsReportedWithPrometheusWords() {
        body.set("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}");

        assertThat(client.query("sum((").problem())
                .isEqualTo("Prometheus rejected the query (bad_data): parse error at char 5");
    }

    @Test
    void emptyResultAndUnreachableServer() {
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(client.query("absent").problem()).contains("no series");

        server.stop(0);
        assertThat(client.query("up").problem())
                .startsWith("Prometheus at http://127.0.0.1:")
                .contains("did not answer");
    }
}
