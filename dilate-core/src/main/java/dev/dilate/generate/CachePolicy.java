package dev.dilate.generate;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Which canvas positions a denoiser call recomputes; the others' keys and values come from the
 * decode's {@link KeyValueCache} as an earlier call left them. Blocks are decoded left to right,
 * so a block's calls change only its own positions: what lies left of it is decoded and fixed,
 * what lies right of it is still masked.
 *
 * <ul>
 * <li>{@code none}: every call recomputes everything (exact).</li>
 * <li>{@code prefix} (Fast-dLLM): a block's first call recomputes everything and caches it; its
 *     later calls recompute the block and the positions right of it.</li>
 * <li>{@code dual} (Fast-dLLM): as prefix, but later calls recompute the block only.</li>
 * <li>{@code delayed} (after dKV-Cache): the decode's first call recomputes everything; after
 *     that a call recomputes its block, and a block's first call also the block before it, now
 *     final, whose keys and values are then never recomputed. No call is a whole forward again.</li>
 * </ul>
 *
 * Options after a colon, comma-separated: {@code refresh=N} makes every N-th call of a block (its
 * 1st, N+1-th, ...) a whole forward, which refreshes every cached position; with {@code refresh=1}
 * every mode computes what {@code none} does. {@code kv=f16} (the default) or {@code kv=f32} is
 * how the cache stores keys and values: f16 halves its memory and measured no slower (README,
 * Caching); a call's own recomputed positions always enter attention unrounded.
 *
 * @param refresh whole-forward interval inside a block, or 0 for the mode's own rule
 * @param storage the cached keys' and values' precision
 */
public record CachePolicy(Mode mode, int refresh, Storage storage) {

    /** Which positions a call recomputes; {@link CachePolicy} describes each mode. */
    public enum Mode { NONE, PREFIX, DUAL, DELAYED }

    /** How the cache stores keys and values: half or single precision. */
    public enum Storage { F16, F32 }

    /** {@code none}: every call recomputes every position, exact. */
    public static final CachePolicy NONE = new CachePolicy(Mode.NONE, 0, Storage.F16);

    /**
     * What generate, demo and serve use for a model unless told otherwise: dual, whose paired
     * accuracy differences from none stayed within noise on the shipped model's tasks while it
     * recomputes a fraction of the positions (README, Caching). eval and sweep keep none, exact.
     */
    public static final String DECODE_DEFAULT = "dual";

    /** @throws IllegalArgumentException if {@code refresh} is negative or {@code storage} is null */
    public CachePolicy {
        if (refresh < 0) throw new IllegalArgumentException("refresh must be >= 0 (0: the mode's own rule), got " + refresh);
        if (storage == null) throw new IllegalArgumentException("cache storage must not be null");
    }

    /** {@code none}, {@code prefix}, {@code dual} or {@code delayed}, optionally {@code :refresh=N,kv=f16|f32}. */
    public static CachePolicy parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Mode mode;
        try {
            mode = Mode.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown cache mode '" + name + "' (none, prefix, dual, delayed; options :refresh=N,kv=f16|f32)");
        }
        int refresh = 0;
        Storage storage = Storage.F16;
        for (String arg : colon < 0 ? new String[0] : s.substring(colon + 1).split(",")) {
            if (arg.startsWith("refresh=")) refresh = refresh(arg.substring("refresh=".length()));
            else if (arg.equals("kv=f16") || arg.equals("kv=f32")) storage = Storage.valueOf(arg.substring(3).toUpperCase(Locale.ROOT));
            else throw new IllegalArgumentException("cache option '" + arg + "' is neither refresh=N nor kv=f16|f32");
        }
        return new CachePolicy(mode, refresh, storage);
    }

    private static int refresh(String n) {
        int refresh;
        try {
            refresh = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache refresh '" + n + "' is not a whole number");
        }
        if (refresh < 1) throw new IllegalArgumentException("cache refresh must be at least 1, got " + refresh);
        return refresh;
    }

    /** The spec that parses back to this policy, defaults left out. */
    @Override
    public String toString() {
        String name = mode.name().toLowerCase(Locale.ROOT);
        if (mode == Mode.NONE) return name;
        String options = (refresh == 0 ? "" : "refresh=" + refresh) + (storage == Storage.F16 ? "" : (refresh == 0 ? "" : ",") + "kv=f32");
        return options.isEmpty() ? name : name + ":" + options;
    }

    /** True for every mode but {@code none}: a decode then needs a {@link KeyValueCache}. */
    public boolean caches() { return mode != Mode.NONE; }

    /**
     * The positions the call recomputes, ascending, or null for all of them.
     *
     * @param length        canvas length
     * @param blockStart    first position of the block being decoded
     * @param blockSize     B
     * @param callInBlock   0 for the block's first call
     * @param firstCall     true for the decode's first call (nothing is cached yet)
     * @param rows          positions whose logits are wanted: always recomputed
     */
    public int[] fresh(int length, int blockStart, int blockSize, int callInBlock, boolean firstCall, int[] rows) {
        if (mode == Mode.NONE || firstCall || (refresh > 0 && callInBlock % refresh == 0)) return null;
        int from, to = blockStart + blockSize;
        switch (mode) {
            case PREFIX -> { if (callInBlock == 0) return null; from = blockStart; to = length; }
            case DUAL -> { if (callInBlock == 0) return null; from = blockStart; }
            default -> from = callInBlock == 0 ? Math.max(0, blockStart - blockSize) : blockStart;
        }
        int lo = from, hi = to;
        return IntStream.concat(IntStream.range(lo, hi), IntStream.of(rows).filter(r -> r < lo || r >= hi)).sorted().distinct().toArray();
    }
}
