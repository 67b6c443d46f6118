package dev.loadtest.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A socket server that writes hand-written HTTP responses: the n-th request (over all connections)
 * gets {@code respond(n)}; null closes the connection without answering. For parser edge cases.
 */
public final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();

    /** @param closeAfterEachResponse close the connection after every response, without saying so */
    public RawServer(IntFunction<String> respond, boolean closeAfterEachResponse) throws Exception {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (Exception e) {
                    return;
                }
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, respond, closeAfterEachResponse));
            }
        });
    }

    private void serve(Socket s, IntFunction<String> respond, boolean closeAfterEach) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            while (in.read(buf) > 0) {
                String r = respond.apply(requests.getAndIncrement());
                if (r == null) {
                    return;
                }
                out.write(r.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (closeAfterEach || r.contains("Connection: close")) {
                    return;
                }
            }
        } catch (Exception ignored) {
            // the client went away
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
