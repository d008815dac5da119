package dev.dilate.eval.report;

import dev.dilate.eval.run.ResultRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.md} and {@code report.html} for a set of results: per model and task, the
 * poster's table (score per planner and B with NFE, speed-up and time, token-by-token included when
 * it was run), the spacing table, and the two frontier plots (score against NFE and against wall time).
 */
public final class Report {
    private Report() {}

    /** Writes the report into {@code dir}; returns the Markdown text. */
    public static String write(List<ResultRecord> records, Path dir) {
        if (records.isEmpty()) throw new IllegalArgumentException("no result records to report on");
        try {
            Files.createDirectories(dir);
            StringBuilder md = new StringBuilder("# dilate report\n\n");
            StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>dilate report</title>"
                    + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
                    + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
                    + "img{max-width:49%}</style></head><body><h1>dilate report</h1>\n");
            md.append(records.size()).append(" samples.\n\n");
            html.append("<p>").append(records.size()).append(" samples.</p>\n");
            for (Map.Entry<Summary.Group, List<Summary.Row>> e : Summary.of(records).entrySet()) {
                Summary.Group g = e.getKey();
                List<Summary.Row> rows = e.getValue();
                Table main = mainTable(rows), spacing = spacingTable(rows);
                List<String> plots = new ArrayList<>();
                plots.addAll(Frontier.write(dir, g.slug() + "-nfe", g.title() + ": score against NFE", rows, "NFE per sample", Summary.Row::nfe, true));
                plots.addAll(Frontier.write(dir, g.slug() + "-time", g.title() + ": score against wall time", rows, "seconds per sample", Summary.Row::seconds, false));
                md.append("## ").append(g.title()).append("\n\n").append(main.markdown()).append('\n')
                        .append("Spacing of co-decoded positions, averaged over block sizes:\n\n").append(spacing.markdown()).append('\n')
                        .append("![score against NFE](").append(plots.get(1)).append(") ![score against time](").append(plots.get(3)).append(")\n\n");
                html.append("<h2>").append(Table.escape(g.title())).append("</h2>\n").append(main.html())
                        .append("<p>Spacing of co-decoded positions, averaged over block sizes:</p>").append(spacing.html())
                        .append("<p><img src=\"").append(plots.get(1)).append("\"> <img src=\"").append(plots.get(3)).append("\"></p>\n");
            }
            html.append("</body></html>\n");
            Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html.toString(), StandardCharsets.UTF_8);
            return md.toString();
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    /**
     * Means shown beside the primary score when the records have them: the text task's checks on
     * repetition (a sample that repeats itself can fool the judge's perplexity).
     */
    private static final List<String> SECONDARY = List.of("entropy", "distinct2");

    /**
     * The poster's table: per planner and B the primary score with its standard error, its paired
     * difference from the reference planner (DUS where it was run) at the same B, any
     * {@link #SECONDARY} means, NFE, speed-up, time and spacing; with cache modes among the rows,
     * also each row's mode, positions per call and paired difference from none.
     */
    public static Table mainTable(List<Summary.Row> rows) {
        String reference = Summary.reference(rows);
        List<String> extra = SECONDARY.stream().filter(m -> rows.get(0).metrics().containsKey(m)).toList();
        List<String> head = new ArrayList<>(List.of("planner", "B", "n", rows.get(0).primary() + " ± se", "vs " + reference + " (paired)"));
        head.addAll(extra);
        head.addAll(List.of("NFE", "speed-up", "s/sample", "distance", "isolated"));
        boolean cached = Summary.anyCached(rows), paired = Summary.anyPaired(rows);
        if (cached) head.addAll(2, List.of("cache", "positions/call"));
        int vsNoneAt = head.indexOf("NFE");       // where the column goes, in the header and in each row
        if (paired) head.add(vsNoneAt, "vs none (paired)");
        Table t = new Table(head.toArray(String[]::new));
        for (Summary.Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.planner(), String.valueOf(r.block()), String.valueOf(r.samples()),
                    fmt(r.score(), 3) + " ± " + fmt(r.stdError(), 3), r.vsReference() == null ? "-" : r.vsReference().text()));
            for (String m : extra) cells.add(fmt(r.metrics().getOrDefault(m, Double.NaN), 3));
            cells.addAll(List.of(fmt(r.nfe(), 1), fmt(r.speedup(), 2) + "x", fmt(r.seconds(), 3), fmt(r.distance(), 2), pct(r.isolated())));
            if (cached) cells.addAll(2, List.of(r.cache(), fmt(r.forwarded(), 1)));
            if (paired) cells.add(vsNoneAt, r.vsNone() == null ? "-" : r.vsNone().text());
            t.row(cells.toArray());
        }
        return t;
    }

    static Table spacingTable(List<Summary.Row> rows) {
        Map<String, double[]> by = new LinkedHashMap<>();   // planner -> {distance sum, isolated sum, count}
        for (Summary.Row r : rows) {
            if (Double.isNaN(r.distance())) continue;
            double[] acc = by.computeIfAbsent(r.planner(), p -> new double[3]);
            acc[0] += r.distance();
            acc[1] += r.isolated();
            acc[2]++;
        }
        Table t = new Table("planner", "pairwise distance", "isolated");
        by.forEach((p, acc) -> t.row(p, fmt(acc[0] / acc[2], 2), pct(acc[1] / acc[2])));
        return t;
    }

    static String fmt(double v, int digits) { return Double.isNaN(v) ? "-" : String.format("%." + digits + "f", v); }

    static String pct(double v) { return Double.isNaN(v) ? "-" : String.format("%.0f%%", 100 * v); }
}
