package dev.dilate.cli;

import dev.dilate.eval.DataFiles;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.run.Shard;
import dev.dilate.generate.CachePolicy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** The options eval and sweep share: how to decode, which problems, where results go. */
final class EvalOptions {
    @Option(names = {"--gen", "-G"}, defaultValue = "256", description = "generated positions G (default: ${DEFAULT-VALUE})")
    int gen;
    @Option(names = "--style", defaultValue = "chat", description = "prompts: chat (instruct models' format) or base (lm-evaluation-harness few-shot) (default: ${DEFAULT-VALUE})")
    String style;
    @Option(names = "--temperature", defaultValue = "0", description = "0 = argmax (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N problems of each task (0 = all)")
    int limit;
    @Option(names = "--shard", defaultValue = "0/1", description = "run part i of n (problems whose position mod n is i); join parts with 'merge'")
    String shard;
    @Option(names = "--data", description = "benchmark data folder (default: $DILATE_DATA, else the project's data/)")
    Path data;
    @Option(names = "--cache", split = ",", defaultValue = "none",
            description = "key/value cache modes, comma-separated, each run in turn: none, prefix, dual, delayed, optionally :refresh=N (default: ${DEFAULT-VALUE})")
    List<String> caches;
    @Option(names = {"--out", "-o"}, defaultValue = "results.jsonl", description = "results file: appended to, and resumed from (default: ${DEFAULT-VALUE})")
    Path out;

    PromptStyle promptStyle() { return PromptStyle.parse("--style", style); }

    List<CachePolicy> cachePolicies() { return caches.stream().map(CachePolicy::parse).toList(); }

    Shard parsedShard() { return Shard.parse(shard); }

    Path dataFolder() { return data != null ? data : DataFiles.defaultFolder(); }
}
