package dev.dilate.cli;

import dev.dilate.format.Json;
import dev.dilate.planner.Levels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Print a fixed planner's levels: 0-based offsets inside a block, one level (one denoiser call) a line.")
final class ScheduleCommand implements Callable<Integer> {
    @Option(names = "--planner", defaultValue = "dus", description = "dus or binary (default: ${DEFAULT-VALUE})")
    String planner;
    @Option(names = {"--block", "-B"}, required = true, description = "block size B")
    int block;
    @Option(names = "--base", defaultValue = "2", description = "DUS dilation base a (default: ${DEFAULT-VALUE})")
    int base;
    @Option(names = "--skip", defaultValue = "1", description = "DUS first stride B/a^skip (default: ${DEFAULT-VALUE})")
    int skip;
    @Option(names = "--json", description = "print {\"levels\": [[...], ...]}")
    boolean json;

    @Override
    public Integer call() {
        Sizes.require("--block " + block, block, 16);
        List<int[]> levels = switch (planner) {
            case "dus" -> Levels.dilated(block, base, skip);
            case "binary" -> Levels.binary(block);
            default -> throw new IllegalArgumentException("schedule shows the fixed planners dus and binary, not '" + planner + "'");
        };
        if (json) {
            System.out.println(Json.of(Map.of("levels", levels)));
        } else {
            for (int[] level : levels) {
                StringBuilder sb = new StringBuilder();
                for (int k : level) sb.append(sb.isEmpty() ? "" : " ").append(k);
                System.out.println(sb);
            }
        }
        return 0;
    }
}
