package dev.loadtest.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for a voice-assistant API: login (returns a token), simple and complex queries, and
 * document upload for logged-in users. Latency is log-normal around each endpoint's median (or
 * fixed), errors are injected at a chosen rate, and {@code GET /stats} reports exactly what the
 * server saw, which tests compare with what the load engine measured. Loopback only.
 */
public final class DemoTarget implements AutoCloseable {
    /**
     * The JDK's HTTP server closes a connection at once, without "Connection: close", when 200 are
     * already idle: a stress run of 500 users thinking 3-10 s then sent its next POST (an upload
     * right after the login) on a closed connection, 29 connection errors in a minute that no real
     * service would cause. Read when the first server in the JVM starts; a value given is kept.
     */
    static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";

    static {
        if (System.getProperty(MAX_IDLE) == null) {
            System.setProperty(MAX_IDLE, "100000");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param latencyScale multiplies every endpoint's median latency (0 for none)
     * @param fixedLatencyMs when at least 0, every endpoint answers after exactly this long
     * @param errorRate fraction of API requests answered with 500
     */
    public record Options(double latencyScale, double fixedLatencyMs, double errorRate) {
        public static Options defaults() {
            return new Options(1.0, -1, 0.0);
        }
    }

    private static final Map<String, Double> MEDIAN_MS =
            Map.of("/api/auth/login", 40.0, "/api/query", 25.0, "/api/query/complex", 90.0, "/api/documents", 120.0);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Options options;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final LongAdder authorizedUploads = new LongAdder();
    private final LongAdder rejectedUploads = new LongAdder();
    private final AtomicLong nextToken = new AtomicLong();

    private DemoTarget(HttpServer server, ExecutorService executor, Options options) {
        this.server = server;
        this.executor = executor;
        this.options = options;
    }

    /** On loopback only: what the bundled demo and the tests use. */
    public static DemoTarget start(int port, Options options) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port, options);
    }

    /** On {@code host} (0.0.0.0 for every address: in a pod, behind a Service). */
    public static DemoTarget start(InetAddress host, int port, Options options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 4096);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        DemoTarget t = new DemoTarget(server, executor, options);
        server.setExecutor(executor);
        server.createContext("/", t::handle);
        server.start();
        return t;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress()
                ? "127.0.0.1" // every address: loopback is one of them
                : bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return "http://" + host + ":" + port();
    }

    /** The address it listens on (0.0.0.0 when on every one). */
    public InetAddress boundAddress() {
        return server.getAddress().getAddress();
    }

    /** Requests seen per "METHOD path", statuses sent, and what uploads carried. */
    public ObjectNode stats() {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode r = n.putObject("requests");
        new TreeMap<>(requests).forEach((k, v) -> r.put(k, v.sum()));
        ObjectNode s = n.putObject("statuses");
        new TreeMap<>(statuses).forEach((k, v) -> s.put(k, v.sum()));
        n.put("tokensIssued", issuedTokens.size());
        n.put("authorizedUploads", authorizedUploads.sum());
        n.put("rejectedUploads", rejectedUploads.sum());
        return n;
    }

    public long requestsSeen(String methodAndPath) {
        LongAdder a = requests.get(methodAndPath);
        return a == null ? 0 : a.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/stats")) {
                send(ex, 200, stats());
                return;
            }
            requests.computeIfAbsent(method + " " + path, k -> new LongAdder()).increment();
            if (path.equals("/health")) {
                send(ex, 200, JSON.createObjectNode().put("status", "ok"));
                return;
            }
            Double median = MEDIAN_MS.get(path);
            if (median == null) {
                send(ex, 404, JSON.createObjectNode().put("error", "no such endpoint: " + path));
                return;
            }
            sleep(median);
            if (options.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < options.errorRate()) {
                send(ex, 500, JSON.createObjectNode().put("error", "injected failure"));
                return;
            }
            if (!method.equals("POST")) {
                send(ex, 405, JSON.createObjectNode().put("error", "use POST"));
                return;
            }
            switch (path) {
                case "/api/auth/login" -> login(ex, body);
                case "/api/documents" -> upload(ex, body);
                default -> query(ex, body, path.endsWith("complex"));
            }
        }
    }

    private void login(HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = parse(body);
        if (req == null
                || req.path("email").asText().isEmpty()
                || req.path("password").asText().isEmpty()) {
            send(ex, 401, JSON.createObjectNode().put("error", "email and password are required"));
            return;
        }
        String token = "tok-" + nextToken.incrementAndGet();
        issuedTokens.add(token);
        ex.getResponseHeaders().add("Set-Cookie", "session=" + token + "; Path=/; HttpOnly");
        send(ex, 200, JSON.createObjectNode().put("access_token", token).put("token_type", "bearer"));
    }

    private void upload(HttpExchange ex, byte[] body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (token == null || !issuedTokens.contains(token)) {
            rejectedUploads.increment();
            send(ex, 401, JSON.createObjectNode().put("error", "a valid bearer token is required"));
            return;
        }
        authorizedUploads.increment();
        send(
                ex,
                201,
                JSON.createObjectNode()
                        .put("id", ThreadLocalRandom.current().nextInt(1_000_000))
                        .put("bytes", body.length));
    }

    private void query(HttpExchange ex, byte[] body, boolean complex) throws IOException {
        JsonNode req = parse(body);
        String q = req == null ? "" : req.path("q").asText();
        send(
                ex,
                200,
                JSON.createObjectNode()
                        .put("query", q)
                        .put("answer", (complex ? "a considered answer to: " : "answer to: ") + q));
    }

    private void sleep(double medianMs) {
        double ms;
        if (options.fixedLatencyMs() >= 0) {
            ms = options.fixedLatencyMs();
        } else {
            // log-normal: a long right tail, like a real service (sigma 0.35: p95 ≈ 1.8 × median)
            ms = medianMs
                    * options.latencyScale()
                    * Math.exp(0.35 * ThreadLocalRandom.current().nextGaussian());
        }
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep((long) ms, (int) ((ms - Math.floor(ms)) * 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private void send(HttpExchange ex, int status, JsonNode payload) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/stats")) {
            statuses.computeIfAbsent(String.valueOf(status), k -> new LongAdder())
                    .increment();
        }
        byte[] bytes = JSON.writeValueAsBytes(payload);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
