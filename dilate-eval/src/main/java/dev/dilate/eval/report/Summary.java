package dev.dilate.eval.report;

import dev.dilate.eval.run.ResultRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Results files boiled down to the poster's tables: one {@link Row} per (setting, planner, B, cache
 * mode), grouped by everything else (model, task, style, G, temperature). Metrics are means over
 * problems, except per-instruction counts ({@code inst_*} beside an {@code instructions} count, as
 * IFEval scores), which are totals over totals. Every primary score carries its standard error
 * over problems; a cached row also carries its score's difference from the same planner and B
 * without a cache, and every row its difference from the reference planner (DUS where it was run)
 * at the same B and cache mode, both paired by problem with their standard errors. A metric that
 * is null in a record (no value for that output) is left out of that metric's mean.
 */
public final class Summary {
    private Summary() {}

    /** What a table is about: the fields shared by all its rows. */
    public record Group(String model, String task, String style, int gen, double temperature) {
        public String title() {
            return String.format("%s on %s (%s prompts, G=%d, temperature %s)", task, model, style, gen, trim(temperature));
        }
        String slug() { return (task + "-" + model.replaceAll(".*/", "") + "-" + style + "-g" + gen + "-t" + trim(temperature)).replaceAll("[^A-Za-z0-9._-]", "_"); }
    }

    /**
     * Mean difference of the primary score from the uncached run over the problems both decoded,
     * and its standard error (the paired differences' standard deviation over sqrt(n)).
     */
    public record Delta(double mean, double stdError, int pairs) {
        static Delta of(List<Double> d) {
            return new Delta(Summary.mean(d), Summary.stdError(d), d.size());
        }

        public String text() { return String.format("%+.3f ± %.3f", mean, stdError); }
    }

    public static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    /** The standard error of the mean: sample standard deviation over sqrt(n); NaN below two values. */
    public static double stdError(List<Double> v) {
        int n = v.size();
        if (n < 2) return Double.NaN;
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (n - 1) / n);
    }

    /** The planner every other one is compared with: DUS where it was run, else the first in order. */
    public static String reference(List<Row> rows) {
        return reference(rows.stream().map(Row::planner).toList());
    }

    private static String reference(Collection<String> planners) {
        return planners.contains("dus") ? "dus" : planners.stream().sorted().findFirst().orElseThrow();
    }

    /**
     * One planner at one block size and cache mode.
     *
     * @param cache     the cache mode ("none" for records from before there were caches)
     * @param vsNone    the paired difference from the uncached row, or null (uncached, or nothing to pair with)
     * @param forwarded mean canvas positions recomputed per denoiser call
     * @param score     the primary metric; {@code higherIsBetter} its direction; {@code stdError} its standard error over problems
     * @param speedup   decoded positions per NFE (token-by-token = 1)
     * @param seconds   mean wall time per sample
     * @param distance  mean step-averaged pairwise distance of co-decoded positions; {@code isolated} mean isolated fraction
     * @param vsReference the paired difference from the {@link #reference} planner at this B and cache mode, or null (the reference itself)
     */
    public record Row(String planner, int block, String cache, int samples, String primary, boolean higherIsBetter, double score,
                      double stdError, Map<String, Double> metrics, double nfe, double speedup, double seconds, double distance,
                      double isolated, double forwarded, Delta vsNone, Delta vsReference) {
        /** The planner, and the cache mode where there is one: a curve's name in the plots. */
        public String label() { return cache.equals("none") ? planner : planner + " [" + cache + "]"; }
    }

    /** True when some row decoded with a cache, so tables show the cache columns. */
    public static boolean anyCached(List<Row> rows) { return rows.stream().anyMatch(r -> !r.cache().equals("none")); }

    /** True when some cached row has an uncached one to be compared with. */
    public static boolean anyPaired(List<Row> rows) { return rows.stream().anyMatch(r -> r.vsNone() != null); }

    private static String cache(ResultRecord r) { return String.valueOf(r.config().getOrDefault("cache", "none")); }

    static String trim(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v); }

    public static Map<Group, List<Row>> of(List<ResultRecord> records) {
        Map<Group, Map<String, List<ResultRecord>>> grouped = new LinkedHashMap<>();
        for (ResultRecord r : records) {
            Map<String, Object> c = r.config();
            Group g = new Group(String.valueOf(c.get("model")), String.valueOf(c.get("task")), String.valueOf(c.get("style")),
                    ((Number) c.get("gen")).intValue(), ((Number) c.get("temperature")).doubleValue());
            grouped.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(cell(r, cache(r)), k -> new ArrayList<>()).add(r);
        }
        Map<Group, List<Row>> out = new LinkedHashMap<>();
        grouped.forEach((g, cells) -> {
            String reference = reference(cells.values().stream().map(rs -> String.valueOf(rs.getFirst().config().get("planner"))).toList());
            List<Row> rows = new ArrayList<>();
            cells.values().forEach(rs -> {
                ResultRecord first = rs.getFirst();
                Delta vsNone = cache(first).equals("none") ? null : paired(rs, cells.get(cell(first, "none")));
                Delta vsReference = String.valueOf(first.config().get("planner")).equals(reference) ? null
                        : paired(rs, cells.get(cell(reference, ((Number) first.config().get("block")).intValue(), cache(first))));
                rows.add(row(rs, vsNone, vsReference));
            });
            rows.sort(Comparator.comparing(Row::planner).thenComparingInt(Row::block)
                    .thenComparing(r -> r.cache().equals("none") ? "" : r.cache()));
            out.put(g, rows);
        });
        return out;
    }

    private static String cell(ResultRecord r, String cache) {
        return cell(String.valueOf(r.config().get("planner")), ((Number) r.config().get("block")).intValue(), cache);
    }

    private static String cell(String planner, int block, String cache) { return planner + "\u0000" + block + "\u0000" + cache; }

    /** The records' primary scores minus the other cell's on the same problems; null when there is nothing to pair with. */
    private static Delta paired(List<ResultRecord> records, List<ResultRecord> others) {
        if (others == null) return null;
        Map<String, Double> base = new HashMap<>();
        for (ResultRecord r : others) base.put(r.problem(), r.metrics().get(r.primary()));
        List<Double> d = new ArrayList<>();
        for (ResultRecord r : records) {
            Double b = base.get(r.problem()), v = r.metrics().get(r.primary());
            if (b != null && v != null) d.add(v - b);
        }
        return d.isEmpty() ? null : Delta.of(d);
    }

    private static Row row(List<ResultRecord> rs, Delta vsNone, Delta vsReference) {
        ResultRecord first = rs.get(0);
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        List<Double> primary = new ArrayList<>();
        double nfe = 0, decoded = 0, millis = 0, distance = 0, isolated = 0, forwarded = 0;
        int spaced = 0;
        for (ResultRecord r : rs) {
            r.metrics().forEach((k, v) -> {
                if (v == null) return;
                sums.merge(k, v, Double::sum);
                counts.merge(k, 1, Integer::sum);
            });
            Double p = r.metrics().get(r.primary());
            if (p != null) primary.add(p);
            nfe += r.nfe();
            forwarded += r.forwarded();
            decoded += r.decoded();
            millis += r.millis();
            Double d = r.spacing() == null ? null : r.spacing().get("stepAveraged"), iso = d == null ? null : r.spacing().get("isolated");
            if (d != null && iso != null && !d.isNaN() && !iso.isNaN()) {
                distance += d;
                isolated += iso;
                spaced++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Double instructions = sums.get("instructions");
        sums.forEach((k, v) -> metrics.put(k, instructions != null && k.startsWith("inst_") ? v / instructions : v / counts.get(k)));
        int n = rs.size();
        return new Row(String.valueOf(first.config().get("planner")), ((Number) first.config().get("block")).intValue(), cache(first), n,
                first.primary(), first.higherIsBetter(), metrics.getOrDefault(first.primary(), Double.NaN), stdError(primary), metrics,
                nfe / n, nfe == 0 ? 0 : decoded / nfe, millis / n / 1000,
                spaced == 0 ? Double.NaN : distance / spaced, spaced == 0 ? Double.NaN : isolated / spaced,
                nfe == 0 || forwarded == 0 ? Double.NaN : forwarded / nfe, vsNone, vsReference);
    }
}
