package dev.dilate.cli;

import dev.dilate.eval.run.ResultRecord;
import dev.dilate.eval.run.ResultsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Join results files (the shards of a run, or several runs) into one; a sample present twice is kept once.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "results files to join")
    List<Path> inputs;
    @Option(names = {"--out", "-o"}, required = true, description = "the merged file (must not exist)")
    Path out;

    @Override
    public Integer call() {
        if (Files.exists(out)) throw new IllegalArgumentException("--out " + out + " exists; merge writes a new file");
        Map<String, ResultRecord> unique = new LinkedHashMap<>();
        int duplicates = 0;
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) throw new IllegalArgumentException(in + ": no such results file");
            for (ResultRecord r : ResultsStore.read(in)) {
                ResultRecord before = unique.putIfAbsent(r.key() + "\u0000" + r.problem(), r);
                if (before != null) {
                    duplicates++;
                    if (!before.output().equals(r.output()))
                        System.err.printf("dilate merge: %s of %s differs between files; keeping the first%n", r.problem(), r.key());
                }
            }
        }
        try (ResultsStore store = ResultsStore.open(out)) {
            unique.values().stream()
                    .sorted(java.util.Comparator.comparing(ResultRecord::key).thenComparingInt(ResultRecord::index))
                    .forEach(store::append);
        }
        System.out.printf("merged %d records from %d files into %s (%d duplicates dropped)%n", unique.size(), inputs.size(), out, duplicates);
        return 0;
    }
}
