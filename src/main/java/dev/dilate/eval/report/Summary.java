package dev.dilate.eval.report;

import dev.dilate.eval.run.ResultRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Results files boiled down to the poster's tables: one {@link Row} per (setting, planner, B), grouped
 * by everything else (model, task, style, G, temperature). Metrics are means over problems, except
 * per-instruction counts ({@code inst_*} beside an {@code instructions} count, as IFEval scores), which
 * are totals over totals.
 */
public final class Summary {
    private Summary() {}

    /** What a table is about: the fields shared by all its rows. */
    public record Group(String model, String task, String style, int gen, double temperature) {
        String title() {
            return String.format("%s on %s (%s prompts, G=%d, temperature %s)", task, model, style, gen, trim(temperature));
        }
        String slug() { return (task + "-" + model.replaceAll(".*/", "") + "-" + style + "-g" + gen + "-t" + trim(temperature)).replaceAll("[^A-Za-z0-9._-]", "_"); }
    }

    /**
     * One planner at one block size.
     *
     * @param score     the primary metric; {@code higherIsBetter} its direction
     * @param speedup   decoded positions per NFE (token-by-token = 1)
     * @param seconds   mean wall time per sample
     * @param distance  mean step-averaged pairwise distance of co-decoded positions; {@code isolated} mean isolated fraction
     */
    public record Row(String planner, int block, int samples, String primary, boolean higherIsBetter, double score,
                      Map<String, Double> metrics, double nfe, double speedup, double seconds, double distance, double isolated) {}

    static String trim(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v); }

    public static Map<Group, List<Row>> of(List<ResultRecord> records) {
        Map<Group, Map<String, List<ResultRecord>>> grouped = new LinkedHashMap<>();
        for (ResultRecord r : records) {
            Map<String, Object> c = r.config();
            Group g = new Group(String.valueOf(c.get("model")), String.valueOf(c.get("task")), String.valueOf(c.get("style")),
                    ((Number) c.get("gen")).intValue(), ((Number) c.get("temperature")).doubleValue());
            String cell = c.get("planner") + "\u0000" + ((Number) c.get("block")).intValue();
            grouped.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(cell, k -> new ArrayList<>()).add(r);
        }
        Map<Group, List<Row>> out = new LinkedHashMap<>();
        grouped.forEach((g, cells) -> {
            List<Row> rows = new ArrayList<>();
            cells.values().forEach(rs -> rows.add(row(rs)));
            rows.sort(Comparator.comparing(Row::planner).thenComparingInt(Row::block));
            out.put(g, rows);
        });
        return out;
    }

    private static Row row(List<ResultRecord> rs) {
        ResultRecord first = rs.get(0);
        Map<String, Double> sums = new TreeMap<>();
        double nfe = 0, decoded = 0, millis = 0, distance = 0, isolated = 0;
        int spaced = 0;
        for (ResultRecord r : rs) {
            r.metrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
            nfe += r.nfe();
            decoded += r.decoded();
            millis += r.millis();
            Double d = r.spacing().get("stepAveraged");
            if (d != null && !d.isNaN()) {
                distance += d;
                isolated += r.spacing().get("isolated");
                spaced++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Double instructions = sums.get("instructions");
        sums.forEach((k, v) -> metrics.put(k, instructions != null && k.startsWith("inst_") ? v / instructions : v / rs.size()));
        int n = rs.size();
        return new Row(String.valueOf(first.config().get("planner")), ((Number) first.config().get("block")).intValue(), n,
                first.primary(), first.higherIsBetter(), metrics.getOrDefault(first.primary(), Double.NaN), metrics,
                nfe / n, nfe == 0 ? 0 : decoded / nfe, millis / n / 1000,
                spaced == 0 ? Double.NaN : distance / spaced, spaced == 0 ? Double.NaN : isolated / spaced);
    }
}
