package dev.dilate.planner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every planner by name, with its parameters and defaults. Adding a planner is one entry here
 * and one small class. Step counts default to the number of DUS levels for the block size, so
 * the ranking planners run at the same NFE as DUS unless told otherwise.
 */
public final class Planners {
    private Planners() {}

    /** A planner parameter and its default, as shown by {@code dilate planners}. */
    public record Param(String name, String defaultValue, String meaning) {}

    /** One registered planner. */
    public record Kind(String name, String summary, List<Param> params, Factory factory) {}

    @FunctionalInterface
    interface Factory { Planner create(Args args, int blockSize); }

    private static final String MATCHED = "DUS levels";
    private static final List<Param> RANKED = List.of(
            new Param("steps", MATCHED, "calls per block (default: as many as DUS needs for this B)"),
            new Param("schedule", "uniform", "uniform (LLaDA), dream (linspace(1,eps)), or dilated (DUS level sizes)"),
            new Param("eps", "0.001", "Dream schedule's final time"));

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();
    static {
        add("dus", "Dilated Unmasking Scheduler: the dilated lattice, ceil(log_a B) calls per block",
                List.of(new Param("a", "2", "dilation base"),
                        new Param("skip", "1", "first stride is B/a^skip"),
                        new Param("threshold", "0", "defer planned positions below this confidence to the next level")),
                (a, b) -> new LatticePlanner(size -> Levels.dilated(size, a.integer("a", 2), a.integer("skip", 1)),
                        a.number("threshold", 0)));
        add("binary", "recursive midpoints (DUS repository's default scheduler)",
                List.of(new Param("threshold", "0", "defer planned positions below this confidence to the next level")),
                (a, b) -> new LatticePlanner(Levels::binary, a.number("threshold", 0)));
        add("confidence", "LLaDA low_confidence: top-k by p(x0)", RANKED, (a, b) -> ranked(Ranking.CONFIDENCE, a, b));
        add("random", "LLaDA random: k uniformly random masked positions", RANKED, (a, b) -> ranked(Ranking.RANDOM, a, b));
        add("margin", "Dream topk_margin: top-k by p1 - p2", RANKED, (a, b) -> ranked(Ranking.MARGIN, a, b));
        add("entropy", "Dream entropy: top-k by lowest entropy", RANKED, (a, b) -> ranked(Ranking.NEG_ENTROPY, a, b));
        add("origin", "Dream origin: each masked position w.p. 1 - s/t",
                List.of(RANKED.get(0), RANKED.get(2)),
                (a, b) -> new OriginPlanner(new CountSchedule.Dream(a.integer("steps", matchedSteps(b)), a.number("eps", 1e-3))));
        add("eb", "entropy-bounded: lowest-entropy prefix with sum(H) - max(H) <= gamma bits",
                List.of(new Param("gamma", "1.0", "entropy budget in bits")),
                (a, b) -> new EntropyBoundedPlanner(a.number("gamma", 1.0)));
        add("cb", "confidence-bounded (Fast-dLLM threshold): all with p(x0) >= tau, plus the argmax",
                List.of(new Param("tau", "0.5", "confidence threshold")),
                (a, b) -> new ConfidenceBoundedPlanner(a.number("tau", 0.5)));
        add("threshold", "LLaDA 2.0: all with p(x0) > tau, and at least B/steps a step by confidence",
                List.of(new Param("tau", "0.95", "confidence threshold"), new Param("steps", "B", "the schedule's steps per block")),
                (a, b) -> new ThresholdPlanner(a.number("tau", 0.95), a.integer("steps", b)));
        add("editing", "LLaDA 2.1: masked above tau_mask (at least one), revealed tokens rewritten above tau_edit, up to post extra calls",
                List.of(new Param("mask", "0.7", "tau_mask: confidence above which a masked position is revealed"),
                        new Param("edit", "0.5", "tau_edit: probability above which a revealed token is rewritten (1: never)"),
                        new Param("post", "16", "calls a block may have once its masks are gone")),
                (a, b) -> new EditingPlanner(a.number("mask", 0.7), a.number("edit", 0.5), a.integer("post", 16)));
        add("factor", "Fast-dLLM factor rule: rank r kept while c_r >= 1 - f/(r+2)",
                List.of(new Param("f", "1.0", "factor")),
                (a, b) -> new FactorPlanner(a.number("f", 1.0)));
        add("hierarchy", "dInfer hierarchy: best of each masked run (> low), all > threshold, and the top-1",
                List.of(new Param("threshold", "0.9", "confidence that is always accepted"),
                        new Param("low", "0.4", "confidence a run's best position needs")),
                (a, b) -> new HierarchyPlanner(a.number("threshold", 0.9), a.number("low", 0.4)));
        add("tbt", "token-by-token: the single most confident position per call", List.of(),
                (a, b) -> new TopKPlanner(Ranking.CONFIDENCE, new CountSchedule.One()));
    }

    /** The spacing post-filter's parameters (the part after {@code +spaced}). */
    public static final List<Param> SPACING = List.of(
            new Param("g0", "8", "adaptive gap max(2, floor(M g0 / B)); 0 disables"),
            new Param("gap", "-", "a fixed minimum gap instead of the adaptive one"));

    private static void add(String name, String summary, List<Param> params, Factory f) {
        KINDS.put(name, new Kind(name, summary, params, f));
    }

    /** Every registered planner, in registration order (the order {@code dilate planners} lists them). */
    public static List<Kind> all() { return List.copyOf(KINDS.values()); }

    /** Number of DUS levels (a=2, skip=1) for this block size: the default steps of ranking planners. */
    public static int matchedSteps(int blockSize) { return Levels.dilated(blockSize, 2, 1).size(); }

    /** As {@link #create(PlannerSpec, int)}, from the spec's text (see {@link PlannerSpec#parse}). */
    public static Planner create(String spec, int blockSize) { return create(PlannerSpec.parse(spec), blockSize); }

    /**
     * A new planner for blocks of {@code blockSize}, wrapped in a {@link SpacingFilter} when the spec
     * is {@code +spaced}. Planners keep per-block state, so each concurrent decode needs its own.
     *
     * @throws IllegalArgumentException on an unknown name or parameter, a value that does not parse
     *         or is out of range, {@code +spaced} on a lattice planner, or both {@code g0} and {@code gap}
     */
    public static Planner create(PlannerSpec spec, int blockSize) {
        Kind kind = KINDS.get(spec.name());
        if (kind == null)
            throw new IllegalArgumentException("unknown planner '" + spec.name() + "' (known: " + String.join(", ", KINDS.keySet()) + ")");
        Args args = new Args(spec.name(), spec.params(), kind.params().stream().map(Param::name).toList());
        Planner planner = kind.factory().create(args, blockSize);
        if (!spec.spaced()) return planner;
        if (planner instanceof LatticePlanner)
            throw new IllegalArgumentException("planner '" + spec + "': " + spec.name() + " is a fixed lattice already; +spaced wraps adaptive planners");
        Args s = new Args(spec.name() + "+spaced", spec.spacing(), List.of("g0", "gap"));
        if (spec.spacing().containsKey("gap")) {
            if (spec.spacing().containsKey("g0")) throw new IllegalArgumentException("planner '" + spec + "': give g0 or gap, not both");
            return SpacingFilter.fixed(planner, s.integer("gap", 2));
        }
        return SpacingFilter.adaptive(planner, s.integer("g0", 8));
    }

    private static Planner ranked(Ranking score, Args a, int blockSize) {
        int steps = a.integer("steps", matchedSteps(blockSize));
        String schedule = a.text("schedule", "uniform");
        CountSchedule counts = switch (schedule) {
            case "uniform" -> new CountSchedule.Uniform(steps);
            case "dream" -> new CountSchedule.Dream(steps, a.number("eps", 1e-3));
            case "dilated" -> new CountSchedule.Dilated(Levels.dilated(blockSize, 2, 1));
            default -> throw new IllegalArgumentException("planner '" + a.planner + "': schedule must be uniform, dream or dilated, got '" + schedule + "'");
        };
        return new TopKPlanner(score, counts);
    }

    /** Typed access to a planner's key=value parameters, with errors that name the planner and key. */
    static final class Args {
        private final String planner;
        private final Map<String, String> values;

        Args(String planner, Map<String, String> values, List<String> allowed) {
            this.planner = planner;
            this.values = values;
            Set<String> ok = Set.copyOf(allowed);
            for (String key : values.keySet())
                if (!ok.contains(key))
                    throw new IllegalArgumentException("planner '" + planner + "' has no parameter '" + key + "'"
                            + (allowed.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", allowed) + ")"));
        }

        String text(String key, String fallback) { return values.getOrDefault(key, fallback); }

        double number(String key, double fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("planner '" + planner + "': " + key + " must be a number, got '" + v + "'");
            }
        }

        int integer(String key, int fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("planner '" + planner + "': " + key + " must be an integer, got '" + v + "'");
            }
        }
    }
}
