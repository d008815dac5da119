package dev.dilate.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server has done since it started, kept once in a Prometheus registry of its own: served
 * at /metrics in Prometheus's text format (requests by outcome, latency and time-to-first-text
 * histograms, NFE, forwards, queue depth and busy slots) and summarised in /health's JSON.
 */
final class ServerStats {
    /** Request outcomes, the label of dilate_requests_total. */
    private static final String[] OUTCOMES = {"completed", "invalid", "refused", "cancelled", "timed_out", "failed"};
    private static final double[] SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("dilate_requests_total")
            .help("completion requests by how they ended").labelNames("outcome").register(registry);
    private final Histogram latency = Histogram.builder().name("dilate_request_duration_seconds")
            .help("completion requests from arrival to the last byte, queueing included").classicUpperBounds(SECONDS).register(registry);
    private final Histogram firstText = Histogram.builder().name("dilate_time_to_first_text_seconds")
            .help("streamed requests from arrival to the first text (a finished block)").classicUpperBounds(SECONDS).register(registry);
    private final Counter nfe = Counter.builder().name("dilate_nfe_total").help("denoiser calls made for requests").register(registry);
    private final Counter forwards = Counter.builder().name("dilate_forwards_total").help("batched model forwards run").register(registry);
    private final Counter sequences = Counter.builder().name("dilate_forward_sequences_total")
            .help("canvases those forwards carried (over forwards: the mean batch)").register(registry);
    private final AtomicLong largestBatch = new AtomicLong();

    ServerStats() {
        for (String outcome : OUTCOMES) requests.labelValues(outcome);   // every outcome exported from the start, at 0
    }

    /** The gauges read at each scrape: requests decoding and waiting, and the limits they run against. */
    void watch(Admission admission, ServerLimits limits) {
        GaugeWithCallback.builder().name("dilate_slots_busy").help("requests decoding now")
                .callback(cb -> cb.call(admission.running())).register(registry);
        GaugeWithCallback.builder().name("dilate_queue_depth").help("requests waiting for a slot")
                .callback(cb -> cb.call(admission.waiting())).register(registry);
        GaugeWithCallback.builder().name("dilate_slots").help("requests that may decode at once (--slots)")
                .callback(cb -> cb.call(limits.slots())).register(registry);
    }

    void forward(int batch) {
        forwards.inc();
        sequences.inc(batch);
        largestBatch.accumulateAndGet(batch, Math::max);
    }

    void nfe(int calls) { nfe.inc(calls); }

    void firstText(long nanos) { firstText.observe(nanos / 1e9); }

    /** Counts a request that ended with this status (200 or an error) after {@code nanos}. */
    void ended(int status, long nanos) {
        requests.labelValues(switch (status) {
            case 200 -> "completed";
            case 400, 401, 404, 405 -> "invalid";
            case 429, 503 -> "refused";                  // full queue, or no slot before the deadline / shutdown
            case 499 -> "cancelled";
            case 504 -> "timed_out";
            default -> "failed";
        }).inc();
        latency.observe(nanos / 1e9);
    }

    /** /metrics: Prometheus's text format. */
    byte[] exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toByteArray();
    }

    static String contentType() { return PrometheusTextFormatWriter.CONTENT_TYPE; }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) m.put(outcome, (long) requests.labelValues(outcome).get());
        m.put("nfe", (long) nfe.get());
        long f = (long) forwards.get();
        m.put("forwards", f);
        m.put("mean_batch", f == 0 ? 0 : sequences.get() / f);
        m.put("largest_batch", largestBatch.get());
        Runtime rt = Runtime.getRuntime();
        m.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        m.put("heap_live_bytes", heapLive());
        m.put("heap_peak_bytes", heapPeak());
        m.put("heap_max_bytes", rt.maxMemory());
        return m;
    }

    /** What the last collections left in the heap pools: the live data, which a bounded server keeps bounded. */
    private static long heapLive() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) sum += p.getCollectionUsage().getUsed();
        return sum;
    }

    /** The sum of the heap pools' peaks since start: an upper bound on the heap's peak occupancy. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }
}
