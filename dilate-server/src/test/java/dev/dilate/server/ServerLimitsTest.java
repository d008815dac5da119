package dev.dilate.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrency over real HTTP: batching, a full queue, a client that hangs up, the time limit, shutdown. */
class ServerLimitsTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() {
        model = TinyModel.write(dir);
    }

    private static ServerLimits limits(int slots, int queue, Duration timeout, Duration grace) {
        return new ServerLimits(slots, queue, 256, 256, timeout, grace, 16, 32, dev.dilate.generate.CachePolicy.NONE);
    }

    private static DilateServer start(Subject s, ServerLimits limits) throws Exception {
        return DilateServer.start(s, "tiny", new InetSocketAddress("127.0.0.1", 0), limits);
    }

    /** Token by token over G positions: G denoiser calls. */
    private static String slowRequest(int gen, boolean stream) {
        return "{\"prompt\":\"abc\",\"max_tokens\":" + gen + ",\"planner\":\"tbt\",\"stream\":" + stream + "}";
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private static long health(ServerClient c, String field) { return status(c).get(field).getAsLong(); }

    private static JsonObject status(ServerClient c) {
        try {
            return c.health();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String errorCode(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
    }

    @Test
    void concurrentRequestsShareForwardsAndGetTheirOwnAnswers() throws Exception {
        try (Subject s = Subjects.open(model.toString()); DilateServer server = start(s, limits(6, 6, Duration.ofSeconds(60), Duration.ofSeconds(5)))) {
            ServerClient c = new ServerClient(server.uri());
            String[] planners = {"dus", "confidence", "eb:gamma=1", "tbt", "cb:tau=0.5", "random"};
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < planners.length; i++)
                bodies.add("{\"prompt\":\"p" + i + "\",\"max_tokens\":64,\"planner\":\"" + planners[i] + "\",\"temperature\":0.5,\"seed\":" + i + "}");
            List<JsonObject> alone = new ArrayList<>();
            for (String b : bodies) alone.add(c.postJson("/v1/completions", b));
            long forwardsBefore = health(c, "forwards");
            try (ExecutorService pool = Executors.newFixedThreadPool(bodies.size())) {
                List<Future<JsonObject>> together = new ArrayList<>();
                for (String b : bodies) together.add(pool.submit(() -> c.postJson("/v1/completions", b)));
                long nfe = 0;
                for (int i = 0; i < bodies.size(); i++) {
                    JsonObject r = together.get(i).get();
                    assertEquals(alone.get(i).get("choices").getAsJsonArray().get(0).getAsJsonObject().get("text"),
                            r.get("choices").getAsJsonArray().get(0).getAsJsonObject().get("text"), planners[i]);
                    assertEquals(alone.get(i).get("usage"), r.get("usage"), planners[i]);
                    nfe += r.getAsJsonObject("usage").get("nfe").getAsLong();
                }
                long forwards = health(c, "forwards") - forwardsBefore;
                assertTrue(forwards < nfe, "batched: " + forwards + " forwards for " + nfe + " denoiser calls");
            }
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnce() throws Exception {
        try (Subject s = new SlowSubject(Subjects.open(model.toString()), 40);
             DilateServer server = start(s, limits(1, 1, Duration.ofSeconds(60), Duration.ofSeconds(5)))) {
            ServerClient c = new ServerClient(server.uri());
            CompletableFuture<HttpResponse<String>> running = c.http.sendAsync(post(c, slowRequest(48, false)), HttpResponse.BodyHandlers.ofString());
            await("a running request", 5000, () -> health(c, "running") == 1);
            CompletableFuture<HttpResponse<String>> queued = c.http.sendAsync(post(c, slowRequest(16, false)), HttpResponse.BodyHandlers.ofString());
            await("a queued request", 5000, () -> health(c, "waiting") == 1);
            long t0 = System.nanoTime();
            HttpResponse<String> refused = c.post("/v1/completions", slowRequest(16, false));
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused at once");
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("queue_full", errorCode(refused.body()));
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, running.get().statusCode());
            assertEquals(200, queued.get().statusCode());
            assertEquals(1, health(c, "refused"));
        }
    }

    private static java.net.http.HttpRequest post(ServerClient c, String body) {
        return java.net.http.HttpRequest.newBuilder(c.base.resolve("/v1/completions")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void aClientThatHangsUpFreesItsSlot(boolean stream) throws Exception {
        assertTrue(HangUpWatch.available(), "the tests run with --add-opens jdk.httpserver/sun.net.httpserver");
        try (Subject s = new SlowSubject(Subjects.open(model.toString()), 20);
             DilateServer server = start(s, limits(1, 0, Duration.ofSeconds(60), Duration.ofSeconds(5)))) {
            ServerClient c = new ServerClient(server.uri());
            long t0 = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                byte[] body = slowRequest(256, stream).getBytes(StandardCharsets.UTF_8);   // 256 calls: over 5 s
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (stream) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    int steps = 0;
                    for (String line; steps < 3 && (line = in.readLine()) != null; ) if (line.contains("dilate_step")) steps++;
                    assertEquals(3, steps);
                } else {
                    await("the decode to start", 3000, () -> health(c, "running") == 1);    // a whole answer sends nothing until its end
                }
            }
            await("the slot to come free", 3000, () -> health(c, "running") == 0);
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "long before the decode would have ended");
            assertEquals(1, health(c, "cancelled"));
            assertEquals(0, health(c, "completed"));
            assertEquals(200, c.post("/v1/completions", slowRequest(16, false)).statusCode(), "the freed slot serves the next request");
        }
    }

    @Test
    void aKeptAliveConnectionStillServesAfterAWatchedAnswer() throws Exception {
        try (Subject s = new SlowSubject(Subjects.open(model.toString()), 20);
             DilateServer server = start(s, limits(1, 0, Duration.ofSeconds(60), Duration.ofSeconds(5)))) {
            ServerClient c = new ServerClient(server.uri());
            for (int i = 0; i < 3; i++)    // java.net.http reuses one connection: each answer follows a watched decode of about 0.6 s
                assertEquals(200, c.post("/v1/completions", slowRequest(32, false)).statusCode());
            // A request is counted once its answer is sent, so the last count may land just after the client has read it.
            await("the third answer to be counted", 3000, () -> health(c, "completed") == 3);
            assertEquals(0, health(c, "cancelled"));
        }
    }

    @Test
    void aRequestOverTheTimeLimitIsStopped() throws Exception {
        try (Subject s = new SlowSubject(Subjects.open(model.toString()), 40);
             DilateServer server = start(s, limits(2, 2, Duration.ofSeconds(1), Duration.ofSeconds(5)))) {
            ServerClient c = new ServerClient(server.uri());
            long t0 = System.nanoTime();
            HttpResponse<String> r = c.post("/v1/completions", slowRequest(128, false));
            assertEquals(504, r.statusCode(), r.body());
            assertEquals("timeout", errorCode(r.body()));
            assertTrue(System.nanoTime() - t0 < 2_500_000_000L);
            List<String> events = ServerClient.events(c.open("/v1/completions", slowRequest(128, true)).body());
            assertEquals("timeout", errorCode(events.getLast()), "a stream ends with the error as its last event");
            assertEquals(2, health(c, "timed_out"));
            assertEquals(0, health(c, "running"));
        }
    }

    @Test
    void shutdownRefusesNewWorkAndCancelsWhatOutlivesTheGrace() throws Exception {
        Subject s = new SlowSubject(Subjects.open(model.toString()), 20);
        DilateServer server = start(s, limits(2, 2, Duration.ofSeconds(60), Duration.ofMillis(800)));
        ServerClient c = new ServerClient(server.uri());
        HttpResponse<java.io.InputStream> stream = c.open("/v1/completions", slowRequest(256, true));
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertTrue(events.readLine().startsWith("data: "));
        long t0 = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        await("draining", 2000, () -> status(c).get("status").getAsString().equals("draining"));
        HttpResponse<String> late = c.post("/v1/completions", slowRequest(16, false));
        assertEquals(503, late.statusCode(), late.body());
        assertEquals("shutting_down", errorCode(late.body()));
        String last = null;
        for (String line; (line = events.readLine()) != null; ) if (line.startsWith("data: ")) last = line.substring(6);
        assertEquals("shutting_down", errorCode(last), "the running stream is told why it ended");
        closing.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 3, "closed in " + seconds + " s");
        s.close();
    }
}
