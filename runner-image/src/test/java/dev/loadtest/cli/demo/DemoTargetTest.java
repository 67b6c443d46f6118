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

    /**
     * Many users keep many idle keep-alive connections: the demo target keeps them open rather than
     * closing those past 200 at once (the JDK server's default), which failed a stress run's POSTs.
     * A process of its own: the setting is read when the first server in a JVM starts.
     */
    @Test
    void keepsHundredsOfIdleKeepAliveConnectionsOpen() throws Exception {
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        dev.loadtest.cli.Main.class.getName(),
                        "demo-target",
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            java.util.regex.Matcher m = null;
            for (String line; (line = out.readLine()) != null; ) {
                m = java.util.regex.Pattern.compile("listening on [0-9.]+:(\\d+)")
                        .matcher(line);
                if (m.find()) {
                    break;
                }
            }
            assertThat(m).isNotNull();
            int port = Integer.parseInt(m.group(1));
            for (int i = 0; i < 250; i++) {
                java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(10_000);
                sockets.add(s);
                assertThat(exchange(s)).isEqualTo(200);
            }
            int answered = 0;
            for (java.net.Socket s : sockets) {
                try {
                    answered += exchange(s) == 200 ? 1 : 0;
                } catch (java.io.IOException closed) {
                    // the server closed it
                }
            }
            assertThat(answered)
                    .describedAs("connections still open for a second request")
                    .isEqualTo(250);
        } finally {
            for (java.net.Socket s : sockets) {
                s.close();
            }
            p.destroyForcibly();
        }
    }

    /** GET /health on a kept-alive connection; the status, or -1 if the connection was closed. */
    private static int exchange(java.net.Socket s) throws java.io.IOException {
        s.getOutputStream()
                .write("GET /health HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.InputStream in = s.getInputStream();
        String status = line(in);
        if (status == null) {
            return -1;
        }
        int length = 0;
        for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return b.toString().strip();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }
}
