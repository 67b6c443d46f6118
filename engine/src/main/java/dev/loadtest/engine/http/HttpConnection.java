package dev.loadtest.engine.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection over a blocking socket, meant to run on a virtual thread: a
 * blocked read parks the virtual thread, not a carrier. The parser works on bytes and turns only
 * the headers it needs into strings, which keeps the cost per request low (see docs/http-client.md).
 */
public final class HttpConnection implements Closeable {
    private final Origin origin;
    private final Socket socket;
    /**
     * The TCP socket under {@link #socket} (the same one without TLS). Closed from other threads
     * (the watchdog, an abandon): closing an SSLSocket first sends close_notify, which waits for the
     * lock a write blocked on a target that stopped reading holds, and the one watchdog thread would
     * wait with it, so no deadline anywhere would be enforced again.
     */
    private final Socket tcp;

    private final InputStream in;
    private final OutputStream out;
    private boolean reusable = true;
    private int exchanges;
    /**
     * The current exchange's deadline (System.nanoTime), or 0 when idle. The exchange and the
     * {@link Watchdog} each take it with a compare-and-set, so a watchdog that read the deadline of
     * an exchange just ending cannot close the connection under the next one (a false timeout).
     */
    private final java.util.concurrent.atomic.AtomicLong deadline = new java.util.concurrent.atomic.AtomicLong();
    /** What the watchdog leaves in {@link #deadline} when it expires an exchange (never a deadline it reads). */
    private static final long EXPIRED = Long.MIN_VALUE;
    /** When the last exchange ended (System.nanoTime), for {@link #closedWhileIdle}. */
    private long idleSinceNanos;
    /** The most response headers (or one header or chunk-size line) read, as browsers allow about. */
    static final int MAX_HEADERS = 256 * 1024;
    /**
     * Whether a large request body is being written (see {@link #cutShortIfAnswered}); the sender
     * and the watchdog each move it by compare-and-set, so a cut never lands on a connection that
     * is then reused, nor on a later exchange.
     */
    private final java.util.concurrent.atomic.AtomicInteger sending = new java.util.concurrent.atomic.AtomicInteger();

    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int CUT = 2;
    /** Set by the watchdog when it closed the socket because the deadline passed. */
    private volatile boolean expired;

    private HttpConnection(Origin origin, Socket socket, Socket tcp) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.tcp = tcp;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        Watchdog.watch(this);
    }

    public static HttpConnection open(Origin origin, long deadlineNanos, boolean insecureTls) throws HttpException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int timeout = remainingMillis(deadlineNanos);
            socket.connect(new InetSocketAddress(origin.host(), origin.port()), timeout);
            if (origin.tls()) {
                SSLSocket ssl =
                        (SSLSocket) Tls.factory(insecureTls).createSocket(socket, origin.host(), origin.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                if (!insecureTls) {
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(remainingMillis(deadlineNanos));
                ssl.startHandshake();
                ssl.setSoTimeout(0); // later reads are untimed: the watchdog enforces deadlines
                return new HttpConnection(origin, ssl, socket);
            }
            return new HttpConnection(origin, socket, socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new HttpException(
                    HttpException.Kind.TIMEOUT, "connect to " + origin.hostHeader() + " timed out", true, e);
        } catch (HttpException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: no host, or a port out of range (a URL built from test data)
            closeQuietly(socket);
            throw new HttpException(
                    HttpException.Kind.CONNECTION, "connect to " + origin.hostHeader() + ": " + e, true, e);
        }
    }

    public Origin origin() {
        return origin;
    }

    public boolean isReusable() {
        return reusable;
    }

    /**
     * Before a reuse: whether the server closed this connection while it sat idle for {@code
     * minIdleNanos} or more (a 1 ms read finds the end of the stream, or bytes nobody asked for).
     * Checked instead of found out by sending: a request sent into a closed connection may or may
     * not have reached the target, and only some requests may be sent again.
     */
    public boolean closedWhileIdle(long minIdleNanos) {
        long idle = idleSinceNanos;
        if (exchanges == 0 || idle == 0 || System.nanoTime() - idle < minIdleNanos) {
            return false;
        }
        try {
            socket.setSoTimeout(1);
            in.read(); // -1: closed; a byte: not part of any answer, so the connection is unusable
            reusable = false;
            return true;
        } catch (SocketTimeoutException e) {
            return false; // open and quiet: reusable
        } catch (IOException e) {
            reusable = false;
            return true;
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException ignored) {
                // a broken socket: the exchange will say so
            }
        }
    }

    /** True once this connection has carried an exchange: a failure may then be a stale keep-alive. */
    public boolean wasUsed() {
        return exchanges > 0;
    }

    /**
     * Writes {@code request[0..length)} and reads the whole response into {@code into}.
     *
     * @param keepHeaders keep every header (for extract header:...), else only Set-Cookie
     * @param keepBody keep the body (for checks and extract), else it is read and dropped
     */
    public void exchange(
            byte[] request,
            int length,
            boolean isHead,
            boolean keepHeaders,
            boolean keepBody,
            long deadlineNanos,
            HttpResponse into)
            throws HttpException {
        if (expired) { // closed by the watchdog as the previous response completed: a stale connection
            reusable = false;
            throw new HttpException(
                    HttpException.Kind.CONNECTION, "connection closed at its previous deadline", true, null);
        }
        exchanges++;
        byte[] buf = BufferPool.take();
        Reader r = new Reader(buf);
        deadline.set(deadlineNanos);
        try {
            IOException sendFailed = null;
            boolean sentWhole = false;
            try {
                sentWhole = send(request, length);
            } catch (IOException e) {
                if (expired) {
                    throw e;
                }
                sendFailed = e; // the target may have answered (413, 401) and closed without reading the rest
            }
            try {
                readResponse(r, isHead, keepHeaders, keepBody, into);
            } catch (IOException e) {
                throw sendFailed != null ? sendFailed : e; // no answer after all: the send's failure says why
            }
            if (!sentWhole) {
                reusable = false; // the rest of the body would be read as the next request
            }
        } catch (HttpException e) {
            reusable = false;
            throw e;
        } catch (IOException e) {
            reusable = false;
            if (expired) {
                throw new HttpException(
                        HttpException.Kind.TIMEOUT, "no complete response within the timeout", r.total == 0, e);
            }
            throw new HttpException(HttpException.Kind.CONNECTION, e.toString(), r.total == 0, e);
        } finally {
            if (!deadline.compareAndSet(deadlineNanos, 0)) {
                reusable = false; // the watchdog took this exchange as expired and is closing the socket
            }
            idleSinceNanos = System.nanoTime();
            into.bytesReceived = r.total;
            BufferPool.give(buf); // the lent one, also when the reader grew a larger one for large headers
        }
    }

    /** Requests larger than this are sent in pieces this size, looking for an early answer between them. */
    static final int SEND_PIECE = 64 * 1024;

    /**
     * Writes the request; false when the target answered before the body was all sent (an upload
     * refused with 413 or 401 after its headers): the answer is then the outcome, not the write
     * that would block, or fail, on a target no longer reading.
     */
    private boolean send(byte[] request, int length) throws IOException {
        if (length > SEND_PIECE) {
            sending.set(SENDING); // the watchdog looks for an early answer while a large body goes
        }
        try {
            for (int off = 0; off < length; off += SEND_PIECE) {
                if (off > 0 && in.available() > 0) {
                    return false;
                }
                out.write(request, off, Math.min(SEND_PIECE, length - off));
            }
            out.flush();
            return true;
        } finally {
            // the watchdog took it first: its shutdown of the output came or comes, whatever was
            // sent, so this connection cannot carry another request
            if (length > SEND_PIECE && !sending.compareAndSet(SENDING, IDLE)) {
                reusable = false;
            }
        }
    }

    /**
     * Called by the watchdog: a large body whose write blocks (the target answered and stopped
     * reading) is cut short when an answer is waiting, so the blocked write fails and the answer is
     * read, instead of a timeout. Plain TCP only: a TLS stream's state is not to be touched from here.
     */
    void cutShortIfAnswered() {
        if (sending.get() != SENDING || socket != tcp) {
            return;
        }
        try {
            if (in.available() > 0 && sending.compareAndSet(SENDING, CUT)) {
                tcp.shutdownOutput(); // the write fails; the answer stays readable
            }
        } catch (IOException ignored) {
            // closed meanwhile: the exchange reports it
        }
    }

    private void readResponse(Reader r, boolean isHead, boolean keepHeaders, boolean keepBody, HttpResponse into)
            throws IOException {
        int headerEnd;
        do {
            headerEnd = r.fillUntilHeaderEnd();
            into.status = parseStatus(r.buf, r.filled);
            if (into.status >= 200 || into.status == 101) {
                break;
            }
            r.consume(headerEnd); // 1xx interim response: skip it
        } while (true);
        into.headers = keepHeaders ? new ArrayList<>() : null;
        into.setCookies = null;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int lineStart = indexOfLf(r.buf, 0, headerEnd) + 1;
        while (lineStart < headerEnd) {
            int lf = indexOfLf(r.buf, lineStart, headerEnd);
            int lineEnd = contentEnd(r.buf, lineStart, lf);
            if (lineEnd == lineStart) {
                break; // the blank line ending the headers
            }
            int colon = indexOf(r.buf, (byte) ':', lineStart, lineEnd);
            if (colon > 0) {
                int valueStart = colon + 1;
                while (valueStart < lineEnd && (r.buf[valueStart] == ' ' || r.buf[valueStart] == '\t')) {
                    valueStart++;
                }
                int valueEnd = lineEnd;
                while (valueEnd > valueStart && (r.buf[valueEnd - 1] == ' ' || r.buf[valueEnd - 1] == '\t')) {
                    valueEnd--;
                }
                int nameLength = colon - lineStart;
                if (nameIs(r.buf, lineStart, nameLength, "content-length")) {
                    contentLength = parseLong(r.buf, valueStart, valueEnd);
                } else if (nameIs(r.buf, lineStart, nameLength, "transfer-encoding")) {
                    chunked = ascii(r.buf, valueStart, valueEnd).toLowerCase().contains("chunked");
                } else if (nameIs(r.buf, lineStart, nameLength, "connection")) {
                    // a list of tokens: "keep-alive, close" closes too
                    close |= hasToken(r.buf, valueStart, valueEnd, "close");
                } else if (nameIs(r.buf, lineStart, nameLength, "set-cookie")) {
                    if (into.setCookies == null) {
                        into.setCookies = new ArrayList<>(2);
                    }
                    into.setCookies.add(utf8(r.buf, valueStart, valueEnd));
                }
                if (into.headers != null) {
                    into.headers.add(ascii(r.buf, lineStart, colon).toLowerCase());
                    into.headers.add(utf8(r.buf, valueStart, valueEnd));
                }
            }
            lineStart = lf + 1;
        }
        if (r.buf[5] == '1' && r.buf[7] == '0') {
            close = true; // HTTP/1.0: no keep-alive unless negotiated; we never negotiate it
        }
        r.consume(headerEnd);
        into.bodyLength = 0;
        into.body = null;
        Body body = new Body(keepBody, into);
        boolean noBody = isHead || into.status == 204 || into.status == 304;
        if (noBody) {
            // nothing to read
        } else if (chunked) {
            readChunked(r, body);
        } else if (contentLength >= 0) {
            r.copyExactly(contentLength, body);
        } else {
            r.copyToEnd(body);
            close = true;
        }
        if (close || r.filled > r.pos) {
            reusable = false; // the server closes, or sent more than one response: start afresh
        }
    }

    private static void readChunked(Reader r, Body body) throws IOException {
        while (true) {
            int lf = r.fillUntilLf();
            int lineEnd = contentEnd(r.buf, r.pos, lf);
            if (lineEnd == r.pos || Character.digit(r.buf[r.pos], 16) < 0) {
                // read as 0 it would end the body early and leave the rest to spoil the next answer
                throw new IOException(
                        "bad chunk size line: \"" + ascii(r.buf, r.pos, Math.min(lineEnd, r.pos + 40)) + "\"");
            }
            long size = 0;
            for (int i = r.pos; i < lineEnd; i++) {
                int d = Character.digit(r.buf[i], 16);
                if (d < 0) {
                    break; // chunk extensions after ';'
                }
                size = size * 16 + d;
            }
            r.consume(lf + 1);
            if (size == 0) {
                while (true) { // trailers end with an empty line
                    int end = r.fillUntilLf();
                    boolean empty = contentEnd(r.buf, r.pos, end) == r.pos;
                    r.consume(end + 1);
                    if (empty) {
                        return;
                    }
                }
            }
            r.copyExactly(size, body);
            r.consume(r.fillUntilLf() + 1);
        }
    }

    private static int parseStatus(byte[] b, int filled) throws IOException {
        if (filled < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[8] != ' ') {
            throw new IOException("not an HTTP/1.x response: " + ascii(b, 0, Math.min(filled, 40)));
        }
        int s = 0;
        for (int i = 9; i < 12; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("bad status line: " + ascii(b, 0, Math.min(filled, 40)));
            }
            s = s * 10 + d;
        }
        return s;
    }

    private static boolean nameIs(byte[] b, int start, int length, String lowerName) {
        if (length != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a comma-separated header value holds {@code lowerToken}, any case; allocates nothing. */
    static boolean hasToken(byte[] b, int start, int end, String lowerToken) {
        int i = start;
        while (i < end) {
            while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == ',')) {
                i++;
            }
            int tokenStart = i;
            while (i < end && b[i] != ',') {
                i++;
            }
            int tokenEnd = i;
            while (tokenEnd > tokenStart && (b[tokenEnd - 1] == ' ' || b[tokenEnd - 1] == '\t')) {
                tokenEnd--;
            }
            if (nameIs(b, tokenStart, tokenEnd - tokenStart, lowerToken)) {
                return true;
            }
        }
        return false;
    }

    private static long parseLong(byte[] b, int start, int end) throws IOException {
        long v = 0;
        if (start == end) {
            throw new IOException("empty Content-Length");
        }
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("bad Content-Length: " + ascii(b, start, end));
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * The next line feed in {@code b[from, to)}, or -1. Lines end with CRLF, and a bare LF is
     * taken as a line end too (RFC 9112, section 2.2): some servers and hand-written mocks send
     * it, and waiting for a CR that never comes timed their every answer out.
     */
    static int indexOfLf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Where the content of the line from {@code from} ending with the LF at {@code lf} ends: before a CR. */
    static int contentEnd(byte[] b, int from, int lf) {
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** Called by the watchdog: closes the socket when the current exchange is past its deadline. */
    void expireIfPast(long nowNanos) {
        long d = deadline.get();
        if (d != 0 && d != EXPIRED && nowNanos - d > 0 && deadline.compareAndSet(d, EXPIRED)) {
            expired = true;
            closeQuietly(tcp); // the blocked read or write fails; exchange() reports it as a timeout
        }
    }

    /** Closes from the thread that uses the connection: TLS says goodbye (close_notify) first. */
    @Override
    public void close() {
        reusable = false;
        Watchdog.forget(this);
        closeQuietly(socket);
    }

    /**
     * Closes from another thread, under an exchange that may be blocked: the TCP socket at once,
     * without TLS's goodbye, which would wait for the lock a blocked write holds (see {@link #tcp}).
     */
    public void abort() {
        reusable = false;
        Watchdog.forget(this);
        closeQuietly(tcp);
        if (socket != tcp) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }

    /** Where a kept body goes: a growing array in the response, or nowhere. */
    private static final class Body {
        final boolean keep;
        final HttpResponse into;

        Body(boolean keep, HttpResponse into) {
            this.keep = keep;
            this.into = into;
        }

        void append(byte[] src, int off, int len) {
            if (!keep || len == 0) {
                return;
            }
            byte[] b = into.body;
            int need = into.bodyLength + len;
            if (b == null || b.length < need) {
                b = java.util.Arrays.copyOf(
                        b == null ? new byte[Math.max(256, need)] : b, Math.max(need, b == null ? 0 : b.length * 2));
                into.body = b;
            }
            System.arraycopy(src, off, b, into.bodyLength, len);
            into.bodyLength = need;
        }
    }

    /** Reads the socket into a lent buffer, tracking the deadline and the bytes received. */
    private final class Reader {
        byte[] buf;
        int pos;
        int filled;
        long total;
        private int scanned;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        /** Reads more bytes after {@code filled}; compacts first when the buffer is full. */
        private void fill() throws IOException {
            if (filled == buf.length) {
                if (pos == 0) {
                    grow(); // one line (a header, a chunk size) fills the buffer
                } else {
                    System.arraycopy(buf, pos, buf, 0, filled - pos);
                    filled -= pos;
                    scanned = Math.max(0, scanned - pos);
                    pos = 0;
                }
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new java.io.EOFException(
                        total == 0 ? "connection closed before a response" : "connection closed mid-response");
            }
            filled += n;
            total += n;
        }

        /** Returns the index just past the blank line ending the headers; pos must be 0. */
        int fillUntilHeaderEnd() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, filled - pos);
                filled -= pos;
                pos = 0;
            }
            scanned = 0;
            while (true) {
                for (int i = Math.max(scanned, 1); i < filled; i++) {
                    // a blank line: CRLF CRLF, or with bare LFs LF LF (or LF CRLF)
                    if (buf[i] == '\n'
                            && (buf[i - 1] == '\n' || (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'))) {
                        return i + 1;
                    }
                }
                scanned = filled;
                if (filled == buf.length) {
                    grow(); // large cookies or security headers: a 200 is a 200
                }
                fill();
            }
        }

        /** Doubles the buffer, up to {@link #MAX_HEADERS}: past that the answer is not HTTP we can use. */
        private void grow() throws IOException {
            if (buf.length >= MAX_HEADERS) {
                throw new IOException("response headers are larger than " + MAX_HEADERS / 1024 + " KB");
            }
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }

        /** Returns the index of the next LF at or after pos, reading as needed. */
        int fillUntilLf() throws IOException {
            while (true) {
                int i = indexOfLf(buf, pos, filled);
                if (i >= 0) {
                    return i;
                }
                fill();
            }
        }

        void consume(int upTo) {
            pos = upTo;
        }

        void copyExactly(long length, Body body) throws IOException {
            long left = length;
            while (left > 0) {
                if (pos == filled) {
                    pos = 0;
                    filled = 0;
                    fill();
                }
                int n = (int) Math.min(left, filled - pos);
                body.append(buf, pos, n);
                pos += n;
                left -= n;
            }
        }

        void copyToEnd(Body body) throws IOException {
            body.append(buf, pos, filled - pos);
            pos = filled;
            while (true) {
                pos = 0;
                filled = 0;
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return;
                }
                total += n;
                body.append(buf, 0, n);
            }
        }
    }
}
