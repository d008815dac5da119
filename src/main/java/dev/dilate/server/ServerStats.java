package dev.dilate.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters since start, for /health and the load test: how requests ended, forwards and batch sizes, heap. */
final class ServerStats {
    final AtomicLong completed = new AtomicLong(), invalid = new AtomicLong(), refused = new AtomicLong(),
            cancelled = new AtomicLong(), timedOut = new AtomicLong(), failed = new AtomicLong(), nfe = new AtomicLong();
    private final AtomicLong forwards = new AtomicLong(), sequences = new AtomicLong(), largestBatch = new AtomicLong();

    void forward(int batch) {
        forwards.incrementAndGet();
        sequences.addAndGet(batch);
        largestBatch.accumulateAndGet(batch, Math::max);
    }

    /** Counts a request that ended with this status (200 or an error). */
    void ended(int status) {
        (switch (status) {
            case 200 -> completed;
            case 400, 404, 405 -> invalid;
            case 429, 503 -> refused;                  // full queue, or no slot before the deadline / shutdown
            case 499 -> cancelled;
            case 504 -> timedOut;
            default -> failed;
        }).incrementAndGet();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed", completed.get());
        m.put("invalid", invalid.get());
        m.put("refused", refused.get());
        m.put("cancelled", cancelled.get());
        m.put("timed_out", timedOut.get());
        m.put("failed", failed.get());
        m.put("nfe", nfe.get());
        m.put("forwards", forwards.get());
        m.put("mean_batch", forwards.get() == 0 ? 0 : (double) sequences.get() / forwards.get());
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
