package dev.dilate.cli;

import dev.dilate.eval.report.Report;
import dev.dilate.eval.run.ResultRecord;
import dev.dilate.eval.run.ResultsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.md and report.html for results files: score per planner and B with NFE, speed-up and time,",
                "the spacing table, and frontier plots (score against NFE and against wall time) as PNG and SVG."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "results files")
    List<Path> inputs;
    @Option(names = {"--out", "-o"}, defaultValue = "report", description = "folder for the report and plots (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        List<ResultRecord> records = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) throw new IllegalArgumentException(in + ": no such results file");
            records.addAll(ResultsStore.read(in));
        }
        System.out.print(Report.write(records, out));
        System.out.println("written to " + out.resolve("report.md") + ", " + out.resolve("report.html") + " and the plots beside them");
        return 0;
    }
}
