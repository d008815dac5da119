package dev.dilate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory (Linux VmHWM), which counts the pages of mapped weight
 * files that were touched: "weights mapped, not copied" shows as a peak near file size plus
 * activations. Elsewhere it reports 0.
 */
final class PeakMemory {
    private PeakMemory() {}

    /** Restarts the peak from the current resident size (writing 5 to clear_refs). */
    static void reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux, or not permitted: the peak then covers the whole process.
        }
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 0;
    }
}
