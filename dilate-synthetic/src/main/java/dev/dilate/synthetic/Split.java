package dev.dilate.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Train and held-out problems that never overlap: a problem belongs to the held-out split when a
 * stable hash of its prompt falls in one bucket of ten, so the trainer can reject held-out prompts
 * without a list, and any seed gives disjoint sets.
 */
public enum Split {
    TRAIN, HELD_OUT;

    public static Split of(String prompt) {
        long h = 1125899906842597L;                       // FNV-style, fixed across JVMs and versions
        for (byte b : prompt.getBytes(StandardCharsets.UTF_8)) h = 31 * h + b;
        return Math.floorMod(h ^ (h >>> 29), 10) == 0 ? HELD_OUT : TRAIN;
    }

    /** A training example: draws until one falls in the train split. */
    public static Example train(Family f, SplittableRandom rng) {
        while (true) {
            Example e = f.draw(rng);
            if (of(e.prompt()) == TRAIN) return e;
        }
    }

    /** The first n distinct held-out problems drawn from {@code seed}. */
    public static List<Example> heldOut(Family f, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int tries = 0; out.size() < n; tries++) {
            if (tries > 1000L * n + 10_000) throw new IllegalStateException(f.name() + ": cannot find " + n + " distinct held-out problems");
            Example e = f.draw(rng);
            if (of(e.prompt()) == HELD_OUT && seen.add(e.prompt())) out.add(e);
        }
        return out;
    }
}
