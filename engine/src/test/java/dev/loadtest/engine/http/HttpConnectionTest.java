package dev.loadtest.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.engine.RawServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP/1.1 parser against hand-written responses from a raw socket server. */
class HttpConnectionTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static HttpResponse exchange(HttpConnection c, boolean keepBody) throws HttpException {
        HttpResponse r = new HttpResponse();
        c.exchange(GET, GET.length, false, true, keepBody, System.nanoTime() + 2_000_000_000L, r);
        return r;
    }

    @Test
    void readsContentLengthBodiesOnOneKeptAliveConnection() throws Exception {
        try (RawServer ss = new RawServer(
                        i -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Id: " + i + "\r\n\r\nhello", false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse r = exchange(c, true);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("hello");
                assertThat(r.header("x-id")).isEqualTo(String.valueOf(i));
                assertThat(r.bytesReceived())
                        .isEqualTo(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Id: " + i + "\r\n\r\nhello").length());
            }
            assertThat(c.isReusable()).isTrue();
            assertThat(ss.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailers() throws Exception {
        String chunked =
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n";
        try (RawServer ss = new RawServer(i -> chunked, false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            assertThat(exchange(c, true).bodyText()).isEqualTo("Wikipedia in \r\n\r\nchunks.");
            assertThat(exchange(c, true).bodyText())
                    .describedAs("the connection stays usable")
                    .isEqualTo("Wikipedia in \r\n\r\nchunks.");
        }
    }

    /** Bare LFs end lines too (RFC 9112 section 2.2): such answers timed out, waiting for a CR. */
    @Test
    void answersWithBareLineFeedsAreReadOnAKeptAliveConnection() throws Exception {
        List<String> replies = List.of(
                "HTTP/1.1 200 OK\nContent-Length: 5\nX-Id: a\n\nhello",
                "HTTP/1.1 201 Created\nTransfer-Encoding: chunked\nX-Id: b \n\n4\nWiki\n6;x=y\npedia!\n0\nX-T: t\n\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\nX-Id: c\r\n\nok");
        try (RawServer ss = new RawServer(replies::get, false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            HttpResponse a = exchange(c, true);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.bodyText()).isEqualTo("hello");
            assertThat(a.header("x-id")).isEqualTo("a");
            HttpResponse b = exchange(c, true);
            assertThat(b.status()).isEqualTo(201);
            assertThat(b.bodyText()).isEqualTo("Wikipedia!");
            assertThat(b.header("x-id")).isEqualTo("b");
            HttpResponse mixed = exchange(c, true);
            assertThat(mixed.bodyText()).isEqualTo("ok");
            assertThat(mixed.header("x-id")).isEqualTo("c");
            assertThat(c.isReusable()).isTrue();
            assertThat(ss.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheServerCloses() throws Exception {
        try (RawServer ss = new RawServer(i -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            assertThat(exchange(c, true).bodyText()).isEqualTo("until the end");
            assertThat(c.isReusable()).isFalse();
        }
    }

    @Test
    void noContentAndInterimResponsesHaveNoBody() throws Exception {
        List<String> replies = List.of(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n");
        try (RawServer ss = new RawServer(replies::get, false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            assertThat(exchange(c, true).status()).isEqualTo(204);
            assertThat(exchange(c, true).status()).isEqualTo(304);
        }
    }

    @Test
    void largeHeadersAreReadUpToTheLimitAndTheConnectionStaysUsable() throws Exception {
        String big = "HTTP/1.1 200 OK\r\nSet-Cookie: a=" + "x".repeat(100_000) + "\r\nContent-Length: 2\r\n\r\nok";
        String tooBig = "HTTP/1.1 200 OK\r\nX-Big: " + "y".repeat(HttpConnection.MAX_HEADERS) + "\r\n\r\n";
        List<String> replies = List.of(big, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", tooBig);
        try (RawServer ss = new RawServer(replies::get, false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            HttpResponse r = exchange(c, true);
            assertThat(r.status())
                    .describedAs("100 KB of headers: a 200 is a 200")
                    .isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("ok");
            assertThat(exchange(c, true).bodyText()).isEqualTo("hi");
            assertThatThrownBy(() -> exchange(c, true)).hasMessageContaining("response headers are larger than 256 KB");
        }
    }

    @Test
    void connectionCloseAmongOtherTokensClosesAndABadChunkSizeIsAnError() throws Exception {
        List<String> replies = List.of(
                "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        try (RawServer ss = new RawServer(replies::get, false)) {
            try (HttpConnection c = HttpConnection.open(
                    new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
                assertThat(exchange(c, true).bodyText()).isEqualTo("ok");
                assertThat(c.isReusable()).describedAs("the server said close").isFalse();
            }
            try (HttpConnection c = HttpConnection.open(
                    new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
                assertThatThrownBy(() -> exchange(c, true))
                        .describedAs("not an empty body: a broken one")
                        .hasMessageContaining("bad chunk size line");
            }
        }
    }

    /** Bytes at the start of a test upload left for its request head. */
    private static final int HEAD_ROOM = 64;

    /** A target that reads an upload's first bytes, answers 413 and then closes or stops reading. */
    private static ServerSocket refusingUploads(boolean thenClose) throws Exception {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (java.net.Socket s = ss.accept()) {
                s.getInputStream().read(new byte[8192]);
                if (!thenClose) {
                    Thread.sleep(300); // the client's write has filled the socket buffers and blocks
                }
                s.getOutputStream()
                        .write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                if (!thenClose) {
                    Thread.sleep(5000); // reads nothing more
                }
            } catch (Exception ignored) {
                // the test ended
            }
        });
        return ss;
    }

    @ParameterizedTest(name = "then closes: {0}")
    @ValueSource(booleans = {true, false})
    void anAnswerBeforeTheBodyWasAllSentIsTheOutcome(boolean thenClose) throws Exception {
        byte[] upload = new byte[16 << 20];
        byte[] head = ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (upload.length - HEAD_ROOM) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, upload, 0, head.length);
        int length = upload.length - HEAD_ROOM + head.length;
        try (ServerSocket ss = refusingUploads(thenClose);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.getLocalPort()), System.nanoTime() + 1_000_000_000L, false)) {
            HttpResponse r = new HttpResponse();
            c.exchange(upload, length, false, false, false, System.nanoTime() + 2_000_000_000L, r);
            assertThat(r.status())
                    .describedAs("a 413, not a broken pipe or a timeout")
                    .isEqualTo(413);
            assertThat(c.isReusable()).isFalse();
        }
    }

    @Test
    void aResponseThatNeverCompletesTimesOut() throws Exception {
        try (RawServer ss = new RawServer(i -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", false);
                HttpConnection c = HttpConnection.open(
                        new Origin(false, "127.0.0.1", ss.port()), System.nanoTime() + 1_000_000_000L, false)) {
            HttpResponse r = new HttpResponse();
            long t0 = System.nanoTime();
            assertThatThrownBy(
                            () -> c.exchange(GET, GET.length, false, false, false, System.nanoTime() + 200_000_000L, r))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.kind()).isEqualTo(HttpException.Kind.TIMEOUT));
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(150.0, 1000.0);
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        assertThatThrownBy(() -> HttpConnection.open(
                        new Origin(false, "127.0.0.1", port), System.nanoTime() + 1_000_000_000L, false))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.kind()).isEqualTo(HttpException.Kind.CONNECTION));
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aTlsUploadToATargetThatStopsReadingTimesOutAndDeadlinesKeepWorking() throws Exception {
        javax.net.ssl.SSLContext ctx = dev.loadtest.engine.TestTls.serverContext(dir);
        try (javax.net.ssl.SSLServerSocket tls = (javax.net.ssl.SSLServerSocket)
                        ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.accept();
                    s.startHandshake(); // then never reads: the client's write blocks holding TLS's lock
                    held.add(s);
                } catch (Exception ignored) {
                    // the test ended
                }
            });
            Thread.ofVirtual().start(() -> {
                try {
                    held.add(silent.accept()); // reads nothing, answers nothing
                } catch (Exception ignored) {
                    // the test ended
                }
            });
            byte[] upload = new byte[32 << 20];
            byte[] head = ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (upload.length - 64) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, upload, 0, head.length);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                try (HttpConnection c = HttpConnection.open(
                        new Origin(true, "127.0.0.1", tls.getLocalPort()), System.nanoTime() + 5_000_000_000L, true)) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> c.exchange(
                                    upload,
                                    upload.length - 64 + head.length,
                                    false,
                                    false,
                                    false,
                                    System.nanoTime() + 500_000_000L,
                                    new HttpResponse()))
                            .isInstanceOfSatisfying(
                                    HttpException.class,
                                    e -> assertThat(e.kind()).isEqualTo(HttpException.Kind.TIMEOUT));
                    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(3000.0);
                }
                try (HttpConnection other = HttpConnection.open(
                        new Origin(false, "127.0.0.1", silent.getLocalPort()),
                        System.nanoTime() + 1_000_000_000L,
                        false)) {
                    assertThatThrownBy(() -> other.exchange(
                                    GET,
                                    GET.length,
                                    false,
                                    false,
                                    false,
                                    System.nanoTime() + 300_000_000L,
                                    new HttpResponse()))
                            .describedAs("the watchdog still enforces other connections' deadlines")
                            .isInstanceOfSatisfying(
                                    HttpException.class,
                                    e -> assertThat(e.kind()).isEqualTo(HttpException.Kind.TIMEOUT));
                }
            });
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }
}
