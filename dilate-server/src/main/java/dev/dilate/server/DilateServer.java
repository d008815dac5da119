package dev.dilate.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.dilate.model.ShippedModels;
import dev.dilate.session.Prompt;
import dev.dilate.session.Subject;
import dev.dilate.tokenizer.ChatMessage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible HTTP server around one model or a few: /v1/completions, /v1/chat/completions,
 * /v1/models, /health, and at / a page that runs planners side by side. Every exchange runs on a
 * virtual thread of its own, so connections that send slowly or not at all park cheaply and never
 * hold up /health or other requests; decodes are bounded by {@link Admission}, and their denoiser
 * calls are batched by one {@link ForwardBatcher} per model; a request goes to the model its
 * {@code model} field names, else by its prompt (see {@link Served}). Closing drains: new requests are refused,
 * running ones get the grace period to finish and are then cancelled at their next step.
 */
public final class DilateServer implements AutoCloseable {
    /**
     * The JDK server's own limits, JVM-wide and read when its first server starts (a -D given on
     * the command line wins): a request's headers and body must arrive within 10 s of its first
     * byte, or the connection is closed; at most 1024 connections are open (more wait in the
     * listen backlog); idle keep-alive connections close after 30 s.
     */
    static {
        defaultProperty("sun.net.httpserver.maxReqTime", "10");
        defaultProperty("jdk.httpserver.maxConnections", "1024");
        defaultProperty("sun.net.httpserver.idleInterval", "30");
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    private final List<Served> models;
    /** Each model's request handler, by id, in the order served. */
    private final Map<String, Completions> completions = new LinkedHashMap<>();
    private final ServerLimits limits;
    private final Access access;
    private final long started = System.currentTimeMillis() / 1000;
    private final ServerStats stats = new ServerStats();
    private final Admission admission;
    private final List<ForwardBatcher> batchers = new java.util.ArrayList<>();
    private final Set<Job> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dilate-http-", 1).factory());
    private final HttpServer http;
    private boolean closed;

    private DilateServer(List<Served> models, InetSocketAddress address, ServerLimits limits, Access access) throws IOException {
        if (models.isEmpty()) throw new IllegalArgumentException("a server needs a model");
        this.models = List.copyOf(models);
        this.limits = limits;
        this.access = access;
        this.admission = new Admission(limits.slots(), limits.queue());
        stats.watch(admission, limits);
        // Bound first: when the address is taken, no batcher thread has been started to leak.
        this.http = HttpServer.create(address, 256);
        for (Served m : this.models) {
            ForwardBatcher batcher = new ForwardBatcher(m.subject().denoiser(), stats);
            batchers.add(batcher);
            if (completions.put(m.id(), new Completions(m.subject(), m.id(), limits, batcher, admission, stats, running)) != null)
                throw new IllegalArgumentException("two served models are called " + m.id());
        }
        route("/v1/completions", "POST", ex -> complete(ex, false));
        route("/v1/chat/completions", "POST", ex -> complete(ex, true));
        route("/v1/models", "GET", ex -> Http.json(ex, 200, models()));
        route("/v1/models/", "GET", this::model);
        route("/health", "GET", ex -> Http.json(ex, 200, health()));
        route("/metrics", "GET", ex -> Http.send(ex, 200, ServerStats.contentType(), stats.exposition()));
        route("/favicon.ico", "GET", ex -> Http.send(ex, 204, "image/x-icon", new byte[0]));
        route("/", "GET", this::page);
        http.setExecutor(executor);
        http.start();
    }

    /** Starts serving the models (whose subjects the caller keeps and closes after the server). */
    public static DilateServer start(List<Served> models, InetSocketAddress address, ServerLimits limits, Access access) throws IOException {
        return new DilateServer(models, address, limits, access);
    }

    /** Starts serving one subject (which the caller keeps and closes after the server). */
    public static DilateServer start(Subject subject, String modelId, InetSocketAddress address, ServerLimits limits, Access access) throws IOException {
        return start(List.of(new Served(modelId, subject, false)), address, limits, access);
    }

    /** Starts serving with no API key and no cross-origin access. */
    public static DilateServer start(Subject subject, String modelId, InetSocketAddress address, ServerLimits limits) throws IOException {
        return start(subject, modelId, address, limits, Access.OPEN);
    }

    public int port() { return http.getAddress().getPort(); }

    public URI uri() { return URI.create("http://" + http.getAddress().getHostString() + ":" + port() + "/"); }

    private interface Handler { void handle(HttpExchange ex) throws IOException; }

    /**
     * One endpoint: its path, CORS preflight, API key and method checked (an unknown path is 404
     * whatever the method; a known one with another method is 405 with Allow; HEAD is GET without
     * the body), every failure answered as an OpenAI error and counted.
     */
    private void route(String path, String method, Handler handler) {
        http.createContext(path, ex -> {
            long arrived = System.nanoTime();
            int status = 500;       // until the handler returns: an Error escaping it is no success
            try (ex) {
                try {
                    if (!serves(path, ex.getRequestURI().getPath())) throw ApiError.notFound(ex.getRequestURI().getPath());
                    if (access.cors(ex)) {
                        status = 204;
                        return;
                    }
                    access.check(ex, path);
                    String asked = ex.getRequestMethod();
                    if (!asked.equals(method) && !(asked.equals("HEAD") && method.equals("GET"))) {
                        ex.getResponseHeaders().set("Allow", method.equals("GET") ? "GET, HEAD" : method);
                        throw ApiError.method(asked, method);
                    }
                    handler.handle(ex);
                    status = 200;
                } catch (ApiError e) {
                    status = e.status;
                    if (ex.getResponseCode() == -1 && status != 499) Http.error(ex, e);   // no one to tell
                } catch (RuntimeException e) {
                    status = 500;
                    if (ex.getResponseCode() == -1) Http.error(ex, ApiError.internal(e.toString()));
                }
            } catch (IOException e) {
                status = 499;
            } finally {
                if (path.startsWith("/v1/") && path.endsWith("completions") && status != 204)   // a preflight is no request
                    stats.ended(status, System.nanoTime() - arrived);
            }
        });
    }

    /** A context matches every path below it: which of those this endpoint answers. */
    private static boolean serves(String context, String path) {
        return switch (context) {
            case "/" -> path.equals("/") || path.equals("/index.html");
            case "/v1/models/" -> path.length() > context.length() && path.indexOf('/', context.length()) < 0;
            default -> path.equals(context);
        };
    }

    /** Reads and checks the request once, then hands it to the model it names, else the one its prompt calls for. */
    private void complete(HttpExchange ex, boolean chat) throws IOException {
        JsonObject body = Http.readObject(ex);
        CompletionRequest request = CompletionRequest.parse(body, chat, limits);
        JsonElement named = body.get("model");
        String id = named != null && named.isJsonPrimitive() && completions.containsKey(named.getAsString())
                ? named.getAsString() : modelFor(request.prompt());
        completions.get(id).handle(ex, request);
    }

    /** For a request that names no served model: the prose model for a prompt in words, else the first. */
    private String modelFor(Prompt prompt) {
        String text = prompt.isChat() ? String.join("\n", prompt.messages().stream().map(ChatMessage::content).toList()) : prompt.text();
        if (ShippedModels.forPrompt(text).equals(ShippedModels.TEXT))
            for (Served m : models) if (m.prose()) return m.id();
        return models.getFirst().id();
    }

    private void page(HttpExchange ex) throws IOException {
        try (InputStream in = DilateServer.class.getResourceAsStream("index.html")) {
            if (in == null) throw ApiError.internal("the page is missing from this build");
            Http.send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private Map<String, Object> models() {
        return Map.of("object", "list", "data", models.stream().map(m -> modelObject(m.id())).toList());
    }

    /** GET /v1/models/{id}: the SDK's models.retrieve. */
    private void model(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getPath().substring("/v1/models/".length());
        if (!completions.containsKey(id)) throw ApiError.modelNotFound(id);
        Http.json(ex, 200, modelObject(id));
    }

    private Map<String, Object> modelObject(String id) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", started);
        model.put("owned_by", "dilate");
        return model;
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", admission.draining() ? "draining" : "ok");
        h.put("model", models.getFirst().id());          // the model a request naming none gets (prose aside)
        h.put("models", models.stream().map(Served::id).toList());
        h.put("batched", models.getFirst().subject().denoiser().batchesCanvases());
        h.put("running", admission.running());
        h.put("waiting", admission.waiting());
        h.put("slots", limits.slots());
        h.put("queue", limits.queue());
        h.put("max_prompt_tokens", limits.maxPromptTokens());
        h.put("max_gen_length", limits.maxGenLength());
        h.put("timeout_seconds", limits.timeout().toSeconds());
        h.put("api_key_required", access.apiKey() != null);
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
        batchers.forEach(ForwardBatcher::close);
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
