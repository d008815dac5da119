package dev.dilate.cli;

import dev.dilate.eval.report.Table;
import dev.dilate.format.Json;
import dev.dilate.server.LoadTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Load a running 'dilate serve' with many concurrent streaming clients for a fixed time, then report",
                "requests/s, latency percentiles, NFE/s, refusals, failures, the server's largest live heap after a collection and its heap peak."})
final class LoadTestCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/", description = "the server (default: ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--clients", defaultValue = "32", description = "concurrent clients, each sending one request after another (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--seconds", defaultValue = "20", description = "how long clients keep sending (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--prompt", defaultValue = "0482193370012744+9120044781532200=", description = "prompt of every request (default: ${DEFAULT-VALUE})")
    String prompt;
    @Option(names = "--planner", defaultValue = "dus", description = "planner of every request (default: ${DEFAULT-VALUE})")
    String planner;
    @Option(names = "--block", defaultValue = "16", description = "block size B (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--max-tokens", defaultValue = "32", description = "max_tokens (default: ${DEFAULT-VALUE})")
    int maxTokens;
    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || seconds < 1) throw new IllegalArgumentException("--clients and --seconds must be at least 1");
        String body = Json.line(Map.of("prompt", prompt, "planner", planner, "block", block, "max_tokens", maxTokens,
                "stream", true, "stream_options", Map.of("include_usage", true)));
        LoadTest.Result r = LoadTest.run(url, clients, Duration.ofSeconds(seconds), body);
        if (json) {
            System.out.println(Json.of(r));
            return r.failed() == 0 ? 0 : 1;
        }
        System.out.print(new Table("clients", "seconds", "completed", "refused", "failed", "req/s", "p50 ms", "p90 ms", "p99 ms",
                "first text p50 ms", "first text / total", "NFE/s", "tokens/s", "mean batch", "live heap MB", "heap peak MB")
                .row(r.clients(), Table.num(r.seconds(), 1), r.completed(), r.refused(), r.failed(), Table.num(r.requestsPerSecond(), 2),
                        Table.num(r.p50Millis(), 0), Table.num(r.p90Millis(), 0), Table.num(r.p99Millis(), 0),
                        Table.num(r.firstTextP50Millis(), 0), Table.num(r.firstTextShare(), 2),
                        Table.num(r.nfePerSecond(), 1), Table.num(r.tokens() / r.seconds(), 1), Table.num(r.meanBatch(), 2),
                        Table.num(r.liveHeapBytes() / 1048576.0, 0), Table.num(r.peakHeapBytes() / 1048576.0, 0))
                .text());
        for (String f : r.failures().stream().distinct().limit(5).toList()) System.out.println("failure: " + f);
        return r.failed() == 0 ? 0 : 1;
    }
}
