package dev.dilate.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dilate.eval.run.Subject;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server around one model: /v1/completions, /v1/chat/completions,
 * /v1/models, /health, and at / a page that runs planners side by side. Requests decode on
 * handler threads, bounded by {@link Admission}; their denoiser calls are batched by one
 * {@link ForwardBatcher}. Closing drains: new requests are refused, running ones get the grace
 * period to finish and are then cancelled at their next step.
 */
public final class DilateServer implements AutoCloseable {
    /** Handler threads beyond slots and queue: health, model list, the page and refusals never wait behind decodes. */
    private static final int SPARE_THREADS = 16;

    private final Subject subject;
    private final String modelId;
    private final ServerLimits limits;
    private final long started = System.currentTimeMillis() / 1000;
    private final ServerStats stats = new ServerStats();
    private final Admission admission;
    private final ForwardBatcher batcher;
    private final Set<Job> running = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor executor;
    private final HttpServer http;
    private boolean closed;

    private DilateServer(Subject subject, String modelId, InetSocketAddress address, ServerLimits limits) throws IOException {
        this.subject = subject;
        this.modelId = modelId;
        this.limits = limits;
        this.admission = new Admission(limits.slots(), limits.queue());
        // Bound first: when the address is taken, no batcher thread has been started to leak.
        this.http = HttpServer.create(address, 256);
        this.batcher = new ForwardBatcher(BatchForward.of(subject.denoiser()), stats);
        int threads = limits.slots() + limits.queue() + SPARE_THREADS;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4 * threads),
                r -> Thread.ofPlatform().name("dilate-http-" + n.incrementAndGet()).daemon().unstarted(r));
        executor.allowCoreThreadTimeOut(true);
        Completions completions = new Completions(subject, modelId, limits, batcher, admission, stats, running);
        route("/v1/completions", "POST", ex -> completions.handle(ex, false));
        route("/v1/chat/completions", "POST", ex -> completions.handle(ex, true));
        route("/v1/models", "GET", ex -> Http.json(ex, 200, models()));
        route("/health", "GET", ex -> Http.json(ex, 200, health()));
        route("/", "GET", this::page);
        http.setExecutor(executor);
        http.start();
    }

    /** Starts serving the subject (which the caller keeps and closes after the server). */
    public static DilateServer start(Subject subject, String modelId, InetSocketAddress address, ServerLimits limits) throws IOException {
        return new DilateServer(subject, modelId, address, limits);
    }

    public int port() { return http.getAddress().getPort(); }

    public URI uri() { return URI.create("http://" + http.getAddress().getHostString() + ":" + port() + "/"); }

    private interface Handler { void handle(HttpExchange ex) throws IOException; }

    /** One endpoint: its method checked, every failure answered as an OpenAI error and counted. */
    private void route(String path, String method, Handler handler) {
        http.createContext(path, ex -> {
            int status = 500;       // until the handler returns: an Error escaping it is no success
            try (ex) {
                try {
                    // A context matches every path below it; only "/" serves more than one (the page's two names).
                    if (!path.equals("/") && !ex.getRequestURI().getPath().equals(path)) throw ApiError.notFound(ex.getRequestURI().getPath());
                    if (!ex.getRequestMethod().equals(method)) throw ApiError.method(ex.getRequestMethod(), method);
                    handler.handle(ex);
                    status = 200;
                } catch (ApiError e) {
                    status = e.status;
                    if (ex.getResponseCode() == -1) Http.error(ex, e);
                } catch (RuntimeException e) {
                    status = 500;
                    if (ex.getResponseCode() == -1) Http.error(ex, ApiError.internal(e.toString()));
                }
            } catch (IOException e) {
                status = 499;
            } finally {
                if (path.startsWith("/v1/") && path.endsWith("completions")) stats.ended(status);
            }
        });
    }

    private void page(HttpExchange ex) throws IOException {
        String p = ex.getRequestURI().getPath();
        if (!p.equals("/") && !p.equals("/index.html")) throw ApiError.notFound(p);
        try (InputStream in = DilateServer.class.getResourceAsStream("index.html")) {
            if (in == null) throw ApiError.internal("the page is missing from this build");
            Http.send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private Map<String, Object> models() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", modelId);
        model.put("object", "model");
        model.put("created", started);
        model.put("owned_by", "dilate");
        return Map.of("object", "list", "data", List.of(model));
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", admission.draining() ? "draining" : "ok");
        h.put("model", modelId);
        h.put("batched", BatchForward.batches(subject.denoiser()));
        h.put("running", admission.running());
        h.put("waiting", admission.waiting());
        h.put("slots", limits.slots());
        h.put("queue", limits.queue());
        h.put("max_prompt_tokens", limits.maxPromptTokens());
        h.put("max_gen_length", limits.maxGenLength());
        h.put("timeout_seconds", limits.timeout().toSeconds());
        h.putAll(stats.toMap());
        return h;
    }

    /**
     * Drains: refuses new requests (503), lets running and queued ones finish within the grace
     * period, cancels what is left (each stops at its next step), then stops listening.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        admission.drain();
        waitIdle(limits.shutdownGrace().toNanos());
        for (Job job : running) job.cancel(ApiError.unavailable("shutting_down", "the server shut down before this request finished"));
        waitIdle(TimeUnit.SECONDS.toNanos(10));
        http.stop(0);
        batcher.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void waitIdle(long nanos) {
        long until = System.nanoTime() + nanos;
        while ((admission.running() > 0 || admission.waiting() > 0) && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
