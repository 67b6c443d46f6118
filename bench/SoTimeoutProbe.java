import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Diagnostic behind the profiling note in docs/benchmarks.md (not part of bench/run.sh): the same
 * blocking-socket HTTP/1.1 loop as the engine, stripped to the bone, with and without a socket
 * timeout set before every read. With a timeout, every read that has to wait is a timed park of the
 * virtual thread, which on JDK 21-25 arms and cancels a timer on a separate platform thread
 * (JDK 25: "ForkJoinPool-1-delayScheduler") and costs context switches.
 *
 * <pre>
 *   # with bench/run.sh's nginx (or any server answering GET / with a fixed-size response) on :18080
 *   javac -d /tmp/probe bench/SoTimeoutProbe.java
 *   taskset -c 1 /usr/bin/time -f '%U %S' java -cp /tmp/probe SoTimeoutProbe 127.0.0.1 18080 50 15 virtual timeout
 *   taskset -c 1 /usr/bin/time -f '%U %S' java -cp /tmp/probe SoTimeoutProbe 127.0.0.1 18080 50 15 virtual none
 *   taskset -c 1 /usr/bin/time -f '%U %S' java -cp /tmp/probe SoTimeoutProbe 127.0.0.1 18080 50 15 platform none
 * </pre>
 */
public class SoTimeoutProbe {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        boolean virtual = args[4].equals("virtual");
        boolean timeout = args[5].equals("timeout");
        byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: probe\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        int responseLength = responseLength(host, port, request);

        LongAdder done = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Runnable user = () -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress(host, port));
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[16 * 1024];
                    while (System.nanoTime() < end) {
                        out.write(request);
                        out.flush();
                        int got = 0;
                        while (got < responseLength) {
                            if (timeout) {
                                s.setSoTimeout(60_000); // what HttpConnection.Reader.fill() does per read
                            }
                            int n = in.read(buf, 0, buf.length);
                            if (n < 0) {
                                throw new EOFException();
                            }
                            got += n;
                        }
                        done.increment();
                    }
                } catch (IOException e) {
                    e.printStackTrace();
                }
            };
            threads.add(virtual ? Thread.ofVirtual().start(user) : Thread.ofPlatform().start(user));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf(
                "threads=%s read-timeout=%s users=%d requests=%d%n",
                virtual ? "virtual" : "platform", timeout ? "60s" : "none", users, done.sum());
    }

    /** Length of the (fixed) response to {@code request}: headers plus Content-Length. */
    private static int responseLength(String host, int port, byte[] request) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write(request);
            byte[] b = new byte[64 * 1024];
            int n = 0;
            while (true) {
                int r = s.getInputStream().read(b, n, b.length - n);
                if (r < 0) {
                    throw new EOFException("closed before a full response");
                }
                n += r;
                String text = new String(b, 0, n, StandardCharsets.ISO_8859_1);
                int headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd > 0) {
                    int cl = text.toLowerCase().indexOf("content-length:");
                    int lineEnd = text.indexOf("\r\n", cl);
                    int length = headerEnd + 4 + Integer.parseInt(text.substring(cl + 15, lineEnd).trim());
                    if (n >= length) {
                        return length;
                    }
                }
            }
        }
    }
}
