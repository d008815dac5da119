package dev.dilate.cli;

import dev.dilate.format.Json;
import dev.dilate.planner.Planners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "planners", mixinStandardHelpOptions = true,
        description = "List every planner with its parameters and defaults. Name one as name[:key=value,...][+spaced[:g0=N|gap=N]].")
final class PlannersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "machine-readable list")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            System.out.println(Json.of(java.util.Map.of("planners",
                    Planners.all().stream().map(k -> java.util.Map.of("name", k.name(), "summary", k.summary(), "params", k.params())).toList(),
                    "spaced", Planners.SPACING)));
            return 0;
        }
        for (Planners.Kind k : Planners.all()) {
            System.out.printf("%-11s %s%n", k.name(), k.summary());
            for (Planners.Param p : k.params()) System.out.printf("%14s%-10s default %-11s %s%n", "", p.name(), p.defaultValue(), p.meaning());
        }
        System.out.println("+spaced     dilated spacing post-filter around any adaptive planner, e.g. eb:gamma=2+spaced:g0=8");
        for (Planners.Param p : Planners.SPACING) System.out.printf("%14s%-10s default %-11s %s%n", "", p.name(), p.defaultValue(), p.meaning());
        return 0;
    }
}
