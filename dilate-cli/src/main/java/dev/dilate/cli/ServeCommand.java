package dev.dilate.cli;

import dev.dilate.model.ShippedModels;
import dev.dilate.server.Access;
import dev.dilate.server.DilateServer;
import dev.dilate.server.Served;
import dev.dilate.server.ServerLimits;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import dev.dilate.generate.CachePolicy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over an OpenAI-compatible HTTP API (/v1/completions, /v1/chat/completions, /v1/models, /health)",
                "with the planner and its parameters as extra request fields, streaming one event per denoising step,",
                "and at / a page that runs planners side by side. Ctrl-C or SIGTERM drains and stops it."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"--model", "-m"}, defaultValue = ShippedModels.NAME, description = "a GGUF file, a Hugging Face folder, markov:builtin, default: both shipped models (arithmetic, and English for prompts in words), or text: the English one (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = {"--port", "-p"}, defaultValue = "8080", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--slots", defaultValue = "8", description = "requests decoded at once, their steps batched into one forward (default: ${DEFAULT-VALUE})")
    int slots;
    @Option(names = "--queue", defaultValue = "32", description = "requests that may wait for a slot; more are refused with 429 (default: ${DEFAULT-VALUE})")
    int queue;
    @Option(names = "--max-prompt", defaultValue = "1024", description = "longest prompt in tokens (default: ${DEFAULT-VALUE})")
    int maxPrompt;
    @Option(names = "--max-gen", defaultValue = "512", description = "largest generation length G (default: ${DEFAULT-VALUE})")
    int maxGen;
    @Option(names = "--timeout", defaultValue = "120", description = "seconds a request may take, queueing included (default: ${DEFAULT-VALUE})")
    int timeout;
    @Option(names = "--grace", defaultValue = "10", description = "seconds shutdown lets running requests finish before cancelling them (default: ${DEFAULT-VALUE})")
    int grace;
    @Option(names = "--block", defaultValue = "16", description = "block size B of requests that name none (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--max-tokens", defaultValue = "32", description = "max_tokens of requests that name none (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--api-key", description = "require 'Authorization: Bearer KEY' on every /v1/ request (default: none; also $DILATE_API_KEY)")
    String apiKey = System.getenv("DILATE_API_KEY");
    @Option(names = "--cors", description = "let web pages from this origin (or *) call the API, preflight included (default: same origin only)")
    String cors;
    @Option(names = "--cache", description = "key/value cache mode of requests that name none: none, prefix, dual, delayed, optionally :refresh=N (default: "
            + CachePolicy.DECODE_DEFAULT + " for a model; none for a Markov source, which keeps no cache)")
    String cache;

    @Override
    public Integer call() throws Exception {
        List<Served> served = served();
        Subject first = served.getFirst().subject();
        CachePolicy defaultCache = CachePolicy.parse(cache != null ? cache : first.denoiser().newCache(1, CachePolicy.Storage.F16) != null ? CachePolicy.DECODE_DEFAULT : "none");
        ServerLimits limits = new ServerLimits(slots, queue, maxPrompt, maxGen, Duration.ofSeconds(timeout), Duration.ofSeconds(grace), block, maxTokens, defaultCache);
        DilateServer server;
        try {
            server = DilateServer.start(served, new InetSocketAddress(host, port), limits, new Access(apiKey, cors));
        } catch (java.io.IOException e) {
            served.forEach(m -> m.subject().close());
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        // SIGTERM and SIGINT drain and stop the server, and the command returns 0: a clean drain is
        // a success to a service manager (a JVM ended by the signal itself would exit 143).
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) Signal.handle(new Signal(signal), s -> stop.countDown());
        System.out.printf("dilate: serving %s at %s (%d slots, queue %d; the page is at /)%n",
                String.join(" and ", served.stream().map(Served::id).toList()), server.uri(), slots, queue);
        System.out.flush();
        stop.await();
        System.err.println("dilate: shutting down (up to " + grace + " s for running requests)");
        server.close();
        served.forEach(m -> m.subject().close());
        return 0;
    }

    /**
     * The models to serve: both shipped ones for {@code default} (arithmetic first, English for
     * prompts in words), else the one named, listed by its file name.
     */
    private List<Served> served() {
        if (model.equals(ShippedModels.NAME))
            return List.of(new Served("dilate-" + ShippedModels.FAMILY, Subjects.open(ShippedModels.NAME), false),
                    new Served("dilate-text", Subjects.open(ShippedModels.TEXT), true));
        if (model.equals(ShippedModels.TEXT)) return List.of(new Served("dilate-text", Subjects.open(ShippedModels.TEXT), true));
        Path name = Path.of(model).getFileName();
        return List.of(new Served(name == null ? model : name.toString(), Subjects.open(model), false));
    }
}
