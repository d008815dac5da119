package dev.dilate.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load test: a fixed number of clients, each sending streaming completions one after
 * another for a fixed time, every answer read to its end. A request counts as completed only
 * when its stream ends with the usage chunk and [DONE]; 429 and 503 are counted as refused
 * (the client then waits as Retry-After asks); anything else is a failure. The server's /health
 * is polled meanwhile for its heap: the largest live heap after a collection, and the pools' peak.
 * Time to first text is from sending to the first chunk that carries text (a finished block's).
 */
public final class LoadTest {
    private LoadTest() {}

    /** Pause after a refusal when the server names none in Retry-After. */
    private static final long BACKOFF_MILLIS = 1000;

    /**
     * What the run measured; latencies are per completed request, from sending to [DONE];
     * {@code firstText*} from sending to the first text, and {@code firstTextShare} the median of
     * that over the request's whole time (1 would be no text before the end).
     */
    public record Result(int clients, double seconds, long completed, long refused, long failed, double requestsPerSecond,
                         double p50Millis, double p90Millis, double p99Millis, double firstTextP50Millis, double firstTextP90Millis,
                         double firstTextShare, long nfe, double nfePerSecond,
                         long tokens, long liveHeapBytes, long peakHeapBytes, long heapMaxBytes, double meanBatch, List<String> failures) {}

    public static Result run(URI base, int clients, Duration duration, String requestBody) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/completions")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(requestBody)).build();
        long start = System.nanoTime(), end = start + duration.toNanos();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>()), firstText = Collections.synchronizedList(new ArrayList<>()),
                shares = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong refused = new AtomicLong(), nfe = new AtomicLong(), tokens = new AtomicLong(), liveHeap = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++)
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        if (r.statusCode() == 429 || r.statusCode() == 503) {
                            r.body().close();
                            refused.incrementAndGet();
                            Thread.sleep(r.headers().firstValueAsLong("Retry-After").stream().map(s -> s * 1000).findFirst().orElse(BACKOFF_MILLIS));
                            continue;
                        }
                        Stream stream;
                        try (InputStream body = r.body()) {      // closed on failures too, or the connection leaks
                            stream = r.statusCode() == 200 ? Stream.read(body) : null;
                        }
                        JsonObject usage = stream == null ? null : stream.usage();
                        if (usage == null) {
                            failures.add("status " + r.statusCode() + (r.statusCode() == 200 ? ": the stream ended without usage and [DONE]" : ""));
                            continue;
                        }
                        long total = System.nanoTime() - t0, first = (stream.firstTextNanos() > 0 ? stream.firstTextNanos() : System.nanoTime()) - t0;
                        latencies.add(total / 1e6);
                        firstText.add(Math.min(first, total) / 1e6);
                        shares.add(Math.min(1.0, (double) first / total));
                        nfe.addAndGet(usage.get("nfe").getAsLong());
                        tokens.addAndGet(usage.get("completion_tokens").getAsLong());
                    } catch (IOException e) {
                        failures.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        Thread monitor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    liveHeap.accumulateAndGet(health(http, base).get("heap_live_bytes").getAsLong(), Math::max);
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // stopped by the interrupt at the end, or the server went away (its failures show in the counts)
            }
        });
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        monitor.interrupt();
        monitor.join();
        JsonObject health;
        try {
            health = health(http, base);
        } catch (IOException e) {
            failures.add("/health after the run: " + e);
            health = new JsonObject();
        }
        List<Double> sorted = new ArrayList<>(latencies), sortedFirst = new ArrayList<>(firstText), sortedShares = new ArrayList<>(shares);
        Collections.sort(sorted);
        Collections.sort(sortedFirst);
        Collections.sort(sortedShares);
        return new Result(clients, seconds, sorted.size(), refused.get(), failures.size(), sorted.size() / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                percentile(sortedFirst, 0.50), percentile(sortedFirst, 0.90), percentile(sortedShares, 0.50), nfe.get(), nfe.get() / seconds,
                tokens.get(), liveHeap.get(), health.has("heap_peak_bytes") ? health.get("heap_peak_bytes").getAsLong() : 0,
                health.has("heap_max_bytes") ? health.get("heap_max_bytes").getAsLong() : 0,
                health.has("mean_batch") ? health.get("mean_batch").getAsDouble() : 0, List.copyOf(failures));
    }

    /** What a client saw of one stream: its usage chunk if it ended with [DONE] (else null), and when its first text came. */
    private record Stream(JsonObject usage, long firstTextNanos) {
        static Stream read(InputStream body) throws IOException {
            JsonObject usage = null;
            boolean done = false;
            long firstText = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.startsWith("data: ")) continue;
                    String data = line.substring(6);
                    if (data.equals("[DONE]")) {
                        done = true;
                        continue;
                    }
                    JsonObject chunk = JsonParser.parseString(data).getAsJsonObject();
                    if (chunk.has("usage") && !chunk.get("usage").isJsonNull()) usage = chunk.getAsJsonObject("usage");
                    if (firstText == 0 && chunk.has("choices") && !chunk.getAsJsonArray("choices").isEmpty()) {
                        JsonObject choice = chunk.getAsJsonArray("choices").get(0).getAsJsonObject();
                        if (choice.has("text") && !choice.get("text").getAsString().isEmpty()) firstText = System.nanoTime();
                    }
                }
            }
            return new Stream(done ? usage : null, firstText);
        }
    }

    private static JsonObject health(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** Nearest-rank percentile of sorted values (NaN when there are none). */
    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
