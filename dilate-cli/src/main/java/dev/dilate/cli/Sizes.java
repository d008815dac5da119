package dev.dilate.cli;

import dev.dilate.model.ModelConfig;

import java.util.Locale;

/**
 * Sizes from the command line checked against the memory this JVM may use, before anything big is
 * allocated: an absurd --block or --gen is a one-line error (exit 2), not an OutOfMemoryError
 * minutes later. The estimates are the dominant arrays only; {@link Main} still turns an
 * OutOfMemoryError that gets past them into one line.
 */
final class Sizes {
    private Sizes() {}

    /** Keeps a quarter of the heap for everything the estimates leave out. */
    private static final double USABLE = 0.75;

    /** Fails when {@code count} items of {@code bytesEach} bytes would not fit. */
    static void require(String what, long count, long bytesEach) {
        double need = (double) count * bytesEach, max = Runtime.getRuntime().maxMemory();
        if (need > USABLE * max)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s needs about %s of memory, more than this JVM may use (%s): choose a smaller size (or raise it with DILATE_JAVA_OPTS=-Xmx...)",
                    what, human(need), human(max)));
    }

    /** A decode of {@code positions} canvas positions with logits for {@code block} rows per call. */
    static void requireDecode(String what, ModelConfig c, long positions, long block) {
        long perPosition = 4L * (7L * c.dim() + 2L * c.ffn()) + 2L * 2 * c.layers() * c.kvDim();
        require(what, 1, Math.addExact(Math.multiplyExact(positions, perPosition), Math.multiplyExact(block, 4L * c.vocab())));
    }

    private static String human(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
