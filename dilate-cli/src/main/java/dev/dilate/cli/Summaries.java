package dev.dilate.cli;

import dev.dilate.eval.report.Report;
import dev.dilate.eval.report.Summary;
import dev.dilate.eval.report.Table;
import dev.dilate.eval.run.ResultRecord;
import dev.dilate.format.Json;

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
            System.out.println(g.title());
            System.out.println(Report.mainTable(rows).text());
        });
    }
}
