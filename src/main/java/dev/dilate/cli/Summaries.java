package dev.dilate.cli;

import dev.dilate.eval.report.Summary;
import dev.dilate.eval.run.ResultRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints the summary rows of a set of results as text tables (one per model and task) or JSON. */
final class Summaries {
    private Summaries() {}

    static void print(List<ResultRecord> records, boolean json) {
        Map<Summary.Group, List<Summary.Row>> groups = Summary.of(records);
        if (json) {
            System.out.println(Json.of(groups.entrySet().stream().map(e -> Map.of("group", e.getKey(), "rows", e.getValue())).toList()));
            return;
        }
        groups.forEach((g, rows) -> {
            System.out.printf("%s on %s (%s, G=%d)%n", g.task(), g.model(), g.style(), g.gen());
            boolean cached = Summary.anyCached(rows), paired = Summary.anyPaired(rows);
            List<String> head = new ArrayList<>(List.of("planner", "B", "n", rows.get(0).primary(), "NFE", "speed-up", "s/sample", "distance", "isolated"));
            if (cached) head.addAll(2, paired ? List.of("cache", "pos/call", "vs none") : List.of("cache", "pos/call"));
            TextTable t = new TextTable(head.toArray(String[]::new));
            for (Summary.Row r : rows) {
                List<Object> cells = new ArrayList<>(List.of(r.planner(), r.block(), r.samples(), TextTable.num(r.score(), 3), TextTable.num(r.nfe(), 1),
                        TextTable.num(r.speedup(), 2) + "x", TextTable.num(r.seconds(), 3), TextTable.num(r.distance(), 2),
                        Double.isNaN(r.isolated()) ? "-" : String.format("%.0f%%", 100 * r.isolated())));
                if (cached) cells.addAll(2, List.of(r.cache(), TextTable.num(r.forwarded(), 1)));
                if (paired) cells.add(4, r.vsNone() == null ? "-" : r.vsNone().text());
                t.row(cells.toArray());
            }
            System.out.println(t.render());
        });
    }
}
