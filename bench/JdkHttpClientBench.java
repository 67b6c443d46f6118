import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The "JDK HttpClient" row of bench/run.sh: N virtual threads (default 50), each looping a blocking
 * {@code HttpClient.send} (HTTP/1.1, GET, body discarded) for D seconds with no pause, through one
 * shared client (its pool keeps one connection per concurrent request: 50 connections).
 *
 * <pre>
 *   java bench/JdkHttpClientBench.java [URL] [USERS] [SECONDS] [default|virtual]
 * </pre>
 *
 * The last argument picks the client's executor: "default" (the JDK's own cached pool of platform
 * threads, used when none is set) or "virtual" (a virtual thread per task). bench/run.sh compiles
 * this file with javac first, so javac's own CPU is not counted in the measured process.
 */
public class JdkHttpClientBench {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:18080/");
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 15;
        String executor = args.length > 3 ? args[3] : "default";

        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (executor.equals("virtual")) {
            b.executor(Executors.newVirtualThreadPerTaskExecutor());
        }
        HttpClient client = b.build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();

        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            threads.add(Thread.ofVirtual().name("user-" + i).start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        (r.statusCode() == 200 ? ok : failed).increment();
                    } catch (Exception e) {
                        failed.increment();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "jdk-httpclient executor=%s users=%d elapsed_s=%.3f requests=%d failed=%d req_per_s=%.1f%n",
                executor, users, elapsed, ok.sum(), failed.sum(), ok.sum() / elapsed);
    }
}
