package dev.loadtest.operator.aot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in Kubernetes API for the training start that records the operator image's ahead-of-time
 * cache (operator/aot-train.sh). With no API server at all, the training start never listed or
 * watched anything, the cache missed what that loads, and a start from it took a quarter of a
 * second longer on one core (docs/benchmarks.md, "Operator").
 *
 * <p>It answers as an empty cluster: the operator's two informers list nothing and watch over a
 * WebSocket that stays open and silent; anything else gets {@code {}}. Empty on purpose: the JVM
 * loads every class of the cache when it starts, so a cache that also held the Pod model or the
 * reconcile of a run (trained with a LoadTest and a pod here) started 0.1 s slower and idled 5 MB
 * larger; those classes load when the first run needs them. Loopback only; run by the image build.
 */
public final class TrainingApi implements AutoCloseable {
    static final String LOADTESTS = "/apis/loadtest.dev/v1alpha1/";
    static final String PODS = "/api/v1/";
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "training-api");
        t.setDaemon(true);
        return t;
    });

    public TrainingApi(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow(); // ends the watches held open
    }

    /**
     * Serves until killed: {@code TrainingApi PORT [PROBE_URL...]}. Each probe URL is then asked, in
     * turn, until it answers 200, as the kubelet's probes ask the operator's health endpoints: the
     * cache then holds what answering them loads (the JRE image has no curl).
     */
    public static void main(String[] args) throws Exception {
        TrainingApi api = new TrainingApi(Integer.parseInt(args[0]));
        System.out.println("training API at " + api.url());
        for (int i = 1; i < args.length; i++) {
            probe(URI.create(args[i]), Duration.ofSeconds(30));
        }
        Thread.currentThread().join();
    }

    /** Asks until the answer is 200 or the time is up; true if it was. */
    static boolean probe(URI url, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                int code = c.getResponseCode();
                c.getInputStream().readAllBytes();
                c.disconnect();
                if (code == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet, or not ready (a 503 throws too)
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            boolean get = "GET".equals(exchange.getRequestMethod());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean watch = get && query != null && query.contains("watch=true");
            if (watch && exchange.getRequestHeaders().containsKey("Sec-WebSocket-Key")) {
                // the client watches over a WebSocket, as against a real API server: accept, say nothing
                String key = exchange.getRequestHeaders().getFirst("Sec-WebSocket-Key");
                exchange.getResponseHeaders().set("Upgrade", "websocket");
                exchange.getResponseHeaders().set("Connection", "Upgrade");
                exchange.getResponseHeaders().set("Sec-WebSocket-Accept", accept(key));
                exchange.sendResponseHeaders(101, -1);
                holdOpen();
            } else if (watch) {
                holdWatch(exchange);
            } else if (get && path.startsWith(LOADTESTS) && path.endsWith("/loadtests")) {
                send(exchange, 200, emptyList("loadtest.dev/v1alpha1", "LoadTestList"));
            } else if (get && path.startsWith(PODS) && path.endsWith("/pods")) {
                send(exchange, 200, emptyList("v1", "PodList"));
            } else if (get) {
                send(exchange, 404, """
                        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            } else {
                send(exchange, 200, "{}");
            }
        }
    }

    /** An open watch with no events, ended when the client goes or the server stops. */
    private static void holdWatch(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.flush();
        holdOpen();
    }

    private static void holdOpen() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** RFC 6455's answer to a WebSocket key. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String emptyList(String apiVersion, String kind) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}";
    }
}
