package dev.dilate.server;

import com.sun.net.httpserver.HttpExchange;
import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.StepListener;
import dev.dilate.session.Subject;

import java.io.IOException;
import java.util.Set;

/**
 * /v1/completions and /v1/chat/completions: check the request, take a slot, decode (the steps
 * going through the shared batcher), answer whole or as a stream of steps, each carrying the text
 * that became final with it.
 */
final class Completions {
    private final Subject subject;
    private final String modelId;
    private final ServerLimits limits;
    private final ForwardBatcher batcher;
    private final Admission admission;
    private final ServerStats stats;
    private final Set<Job> running;
    /** Whether the model can keep keys and values between calls, asked once rather than per request. */
    private final boolean keepsCache;

    Completions(Subject subject, String modelId, ServerLimits limits, ForwardBatcher batcher, Admission admission,
                ServerStats stats, Set<Job> running) {
        this.subject = subject;
        this.modelId = modelId;
        this.limits = limits;
        this.batcher = batcher;
        this.admission = admission;
        this.stats = stats;
        this.running = running;
        this.keepsCache = subject.denoiser().newCache(1, CachePolicy.Storage.F16) != null;
    }

    void handle(HttpExchange ex, CompletionRequest request) throws IOException {
        long seconds = limits.timeout().toSeconds();
        Job job = new Job(subject.denoiser(), batcher, System.nanoTime() + limits.timeout().toNanos(), seconds);
        if (request.cache().caches() && !keepsCache)
            throw ApiError.invalid("cache", "'cache' must be none: this server's model keeps no key/value cache");
        int[] prompt = encode(request);
        admission.acquire(job.deadlineNanos(), seconds);
        running.add(job);
        batcher.join();
        try {
            Reply reply = new Reply(request, modelId, subject.denoiser().vocabulary());
            if (request.stream()) stream(ex, request, prompt, job, reply);
            else whole(ex, request, prompt, job, reply);
        } finally {
            batcher.leave();
            running.remove(job);
            admission.release();
        }
    }

    /** A whole answer; the socket is watched meanwhile, so a client that hangs up cancels the decode. */
    private void whole(HttpExchange ex, CompletionRequest request, int[] prompt, Job job, Reply reply) throws IOException {
        Generation g;
        boolean mustClose;
        try (HangUpWatch watch = HangUpWatch.start(ex, job)) {
            g = decode(request, prompt, job, StepListener.NONE);
            mustClose = watch.stop();
        }
        if (mustClose) ex.getResponseHeaders().set("Connection", "close");
        Http.json(ex, 200, reply.whole(g));
    }

    private void stream(HttpExchange ex, CompletionRequest request, int[] prompt, Job job, Reply reply) throws IOException {
        EventStream events = new EventStream(ex, job);
        try {
            events.send(reply.start(prompt.length));
            BlockText text = new BlockText(prompt.length, request.block(), subject.denoiser().maskId(), subject.stopTokens(),
                    request.stops(), subject.denoiser().vocabulary());
            boolean[] first = {true};
            Generation g = decode(request, prompt, job, (step, canvas) -> {
                String delta = text.afterStep(canvas);
                if (first[0] && !delta.isEmpty()) {
                    first[0] = false;
                    stats.firstText(System.nanoTime() - job.arrivedNanos());
                }
                events.send(reply.step(step, delta));
            });
            events.send(reply.finish(g, text.rest(g.text())));
            if (request.includeUsage()) events.send(reply.usageChunk(g));
            events.done();
        } catch (RuntimeException e) {
            // The status line is sent: the error goes as an event (nowhere when the client has gone).
            ApiError error = e instanceof ApiError a ? a : ApiError.internal(e.toString());
            if (error.status != 499) events.send(error.toJson());
            throw error;
        }
    }

    private Generation decode(CompletionRequest request, int[] prompt, Job job, StepListener listener) {
        GenerationConfig config = GenerationConfig.of(request.genLength(), request.block())
                .withSampling(request.sampling())
                .withStops(subject.stopTokens(), request.stops())
                .withCache(request.cache())
                .withAlternatives(Math.max(0, request.logprobs()));
        Generation g = new Generator(job).generate(prompt, request.planner(), config, listener);
        stats.nfe(g.nfe());
        return g;
    }

    private int[] encode(CompletionRequest request) {
        String field = request.chat() ? "messages" : "prompt";
        int[] ids;
        try {
            ids = subject.encode(request.prompt());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field, "'" + field + "' cannot be encoded for this model: " + e.getMessage());
        }
        if (ids.length > limits.maxPromptTokens())
            throw ApiError.tooLong(field, "the prompt is " + ids.length + " tokens; this server's limit is " + limits.maxPromptTokens());
        return ids;
    }
}
