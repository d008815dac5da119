package dev.dilate.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Sampling;
import dev.dilate.planner.Planners;
import dev.dilate.session.Prompt;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import dev.dilate.tokenizer.ChatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI-compatible API over real HTTP on loopback: shapes, answers equal to the library's decode, streaming, errors. */
class ServerTest {
    @TempDir static Path dir;
    static Subject subject;
    static DilateServer server;
    static ServerClient client;

    @BeforeAll
    static void start() throws Exception {
        Path model = TinyModel.write(dir);
        subject = Subjects.open(model.toString());
        ServerLimits limits = new ServerLimits(4, 8, 256, 128, Duration.ofSeconds(60), Duration.ofSeconds(5), 16, 32, dev.dilate.generate.CachePolicy.NONE);
        server = DilateServer.start(subject, "tiny", new InetSocketAddress("127.0.0.1", 0), limits);
        client = new ServerClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
        subject.close();
    }

    private static Generation direct(Prompt prompt, int gen, int block, String planner, Sampling sampling, List<String> stops) {
        GenerationConfig c = GenerationConfig.of(gen, block).withSampling(sampling).withStops(subject.stopTokens(), stops);
        return new Generator(subject.denoiser()).generate(subject.encode(prompt), Planners.create(planner, block), c);
    }

    @Test
    void completionHasOpenAisShapeAndTheLibrarysAnswer() throws Exception {
        JsonObject r = client.postJson("/v1/completions",
                "{\"model\":\"anything\",\"prompt\":\"hello\",\"max_tokens\":20,\"block\":8,\"planner\":\"eb:gamma=1\",\"temperature\":0.7,\"seed\":3}");
        Generation g = direct(Prompt.text("hello"), 24, 8, "eb:gamma=1", new Sampling(0.7, 1, 0, 3), List.of());
        assertTrue(r.get("id").getAsString().startsWith("cmpl-"));
        assertEquals("text_completion", r.get("object").getAsString());
        assertEquals("tiny", r.get("model").getAsString());
        assertTrue(r.get("created").getAsLong() > 1_600_000_000L);
        JsonObject choice = r.getAsJsonArray("choices").get(0).getAsJsonObject();
        assertEquals(0, choice.get("index").getAsInt());
        assertEquals(g.text(), choice.get("text").getAsString());
        assertTrue(choice.has("logprobs") && choice.get("logprobs").isJsonNull());
        assertEquals(g.tokens().length == 24 ? "length" : "stop", choice.get("finish_reason").getAsString());
        JsonObject usage = r.getAsJsonObject("usage");
        assertEquals(g.prompt().length, usage.get("prompt_tokens").getAsInt());
        assertEquals(g.tokens().length, usage.get("completion_tokens").getAsInt());
        assertEquals(g.prompt().length + g.tokens().length, usage.get("total_tokens").getAsInt());
        assertEquals(g.nfe(), usage.get("nfe").getAsInt());
        assertEquals(g.trace().steps().size(), r.getAsJsonObject("dilate").get("steps").getAsInt());
        assertEquals(24, r.getAsJsonObject("dilate").get("gen_length").getAsInt());
    }

    /** Cached requests decoded side by side share one batched forward, each with its own cache, and answer as the library does alone. */
    @Test
    void cachedRequestsBatchedTogetherAnswerAsTheLibraryDoes() throws Exception {
        String[] caches = {"dual", "delayed", "prefix", "none"};
        var answers = new java.util.ArrayList<java.util.concurrent.CompletableFuture<JsonObject>>();
        for (int i = 0; i < caches.length; i++) {
            String body = "{\"prompt\":\"p" + i + "\",\"max_tokens\":32,\"block\":8,\"planner\":\"confidence\",\"cache\":\"" + caches[i] + "\"}";
            answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return client.postJson("/v1/completions", body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < caches.length; i++) {
            GenerationConfig c = GenerationConfig.of(32, 8).withStops(subject.stopTokens(), List.of())
                    .withCache(dev.dilate.generate.CachePolicy.parse(caches[i]));
            Generation g = new Generator(subject.denoiser()).generate(subject.encode(Prompt.text("p" + i)), Planners.create("confidence", 8), c);
            JsonObject r = answers.get(i).get();
            assertEquals(g.text(), r.getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString(), caches[i]);
            assertEquals(g.nfe(), r.getAsJsonObject("usage").get("nfe").getAsInt(), caches[i]);
        }
    }

    @Test
    void chatUsesTheModelsTemplate() throws Exception {
        JsonObject r = client.postJson("/v1/chat/completions",
                "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"max_tokens\":16}");
        Generation g = direct(Prompt.chat(List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), ""), 16, 16, "dus", Sampling.GREEDY, List.of());
        assertEquals("chat.completion", r.get("object").getAsString());
        assertTrue(r.get("id").getAsString().startsWith("chatcmpl-"));
        JsonObject message = r.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message");
        assertEquals("assistant", message.get("role").getAsString());
        assertEquals(g.text(), message.get("content").getAsString());
        assertEquals(g.prompt().length, r.getAsJsonObject("usage").get("prompt_tokens").getAsInt());
        assertEquals(g.nfe(), r.getAsJsonObject("usage").get("nfe").getAsInt());
    }

    /** Each block's text goes out with the step that completes it; the pieces join to the answer. */
    @Test
    void streamSendsOneEventPerStepThenTheTextUsageAndDone() throws Exception {
        String body = "{\"prompt\":\"abc\",\"max_tokens\":32,\"block\":16,\"planner\":\"dus\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        HttpResponse<java.io.InputStream> r = client.open("/v1/completions", body);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        List<String> events = ServerClient.events(r.body());
        JsonObject whole = client.postJson("/v1/completions", body.replace("\"stream\":true", "\"stream\":false"));
        Generation g = direct(Prompt.text("abc"), 32, 16, "dus", Sampling.GREEDY, List.of());

        assertEquals("[DONE]", events.getLast());
        JsonObject start = JsonParser.parseString(events.getFirst()).getAsJsonObject();
        assertEquals(32, start.getAsJsonObject("dilate_start").get("gen_length").getAsInt());
        int steps = 0, nfe = 0, textChunks = 0;
        StringBuilder joined = new StringBuilder();
        Set<Integer> revealed = new TreeSet<>();
        JsonObject last = null, usage = null;
        for (String e : events.subList(1, events.size() - 1)) {
            JsonObject chunk = JsonParser.parseString(e).getAsJsonObject();
            assertEquals("text_completion", chunk.get("object").getAsString());
            if (chunk.has("dilate_step")) {
                JsonObject s = chunk.getAsJsonObject("dilate_step");
                assertEquals(steps++, s.get("step").getAsInt());
                nfe += s.get("nfe").getAsInt();
                JsonArray pos = s.getAsJsonArray("positions"), tok = s.getAsJsonArray("tokens"), pieces = s.getAsJsonArray("pieces");
                assertEquals(pos.size(), tok.size());
                assertEquals(pos.size(), pieces.size());
                for (JsonElement p : pos) assertTrue(revealed.add(p.getAsInt()), "each position is revealed once");
                for (int i = 0; i < tok.size(); i++)
                    assertEquals(subject.denoiser().vocabulary().piece(tok.get(i).getAsInt()), pieces.get(i).getAsString());
                String text = chunk.getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString();
                joined.append(text);
                if (!text.isEmpty()) textChunks++;
                assertNull(last, "steps come before the final chunk");
            } else if (chunk.getAsJsonArray("choices").isEmpty()) {
                usage = chunk.getAsJsonObject("usage");
            } else {
                last = chunk;
            }
        }
        assertEquals(g.trace().steps().size(), steps);
        assertEquals(g.nfe(), nfe);
        assertEquals(g.stopped() ? revealed.size() : 32, revealed.size());
        JsonObject finalChoice = last.getAsJsonArray("choices").get(0).getAsJsonObject();
        assertEquals(g.text(), joined + finalChoice.get("text").getAsString());
        if (!g.text().isEmpty() && g.trace().steps().getFirst().block() == 0 && g.text().length() > 4)
            assertTrue(textChunks > 0, "the first block's text came before the end");
        assertEquals(whole.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason"), finalChoice.get("finish_reason"));
        assertEquals(steps, last.getAsJsonObject("dilate_stats").get("steps").getAsInt());
        assertEquals(whole.get("usage"), usage);
    }

    @Test
    void chatStreamDeltasJoinToTheMessage() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16,\"planner\":\"confidence\",\"stream\":true}";
        List<String> events = ServerClient.events(client.open("/v1/chat/completions", body).body());
        JsonObject whole = client.postJson("/v1/chat/completions", body.replace("true", "false"));
        StringBuilder joined = new StringBuilder();
        String role = null;
        for (String e : events.subList(0, events.size() - 1)) {
            JsonObject chunk = JsonParser.parseString(e).getAsJsonObject();
            assertEquals("chat.completion.chunk", chunk.get("object").getAsString());
            assertFalse(chunk.has("usage"), "usage only when stream_options asks for it");
            JsonObject delta = chunk.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("delta");
            if (delta.has("role")) role = delta.get("role").getAsString();
            if (delta.has("content")) joined.append(delta.get("content").getAsString());
        }
        assertEquals("assistant", role);
        assertEquals(whole.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message").get("content").getAsString(), joined.toString());
    }

    @Test
    void usageCountsTheTokensReturned() throws Exception {
        JsonObject full = client.postJson("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":32}");
        String text = full.getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString();
        // A stop string at the very start returns nothing, so nothing is counted.
        JsonObject none = client.postJson("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":32,\"stop\":[" + Http.GSON.toJson(text.substring(0, 1)) + "]}");
        assertEquals("", none.getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString());
        assertEquals(0, none.getAsJsonObject("usage").get("completion_tokens").getAsInt());
        assertEquals(none.getAsJsonObject("usage").get("prompt_tokens"), none.getAsJsonObject("usage").get("total_tokens"));
        // Cut inside: the tokens that spell the returned text (this model's pieces are single characters here or more).
        String stop = text.substring(5, 7);
        JsonObject cut = client.postJson("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":32,\"stop\":[" + Http.GSON.toJson(stop) + "]}");
        String returned = cut.getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString();
        int tokens = cut.getAsJsonObject("usage").get("completion_tokens").getAsInt();
        assertTrue(tokens < full.getAsJsonObject("usage").get("completion_tokens").getAsInt(), cut.toString());
        int[] all = subject.encode(Prompt.text("x"));
        assertTrue(tokens <= returned.length() + 1 && tokens > 0, returned + " in " + tokens + " tokens (prompt " + all.length + ")");
    }

    @Test
    void routesAnswerAsHttpSays() throws Exception {
        HttpResponse<String> unknown = client.post("/nope", "{}");
        assertEquals(404, unknown.statusCode());
        assertEquals(404, client.post("/v1/embeddings", "{}").statusCode());
        HttpResponse<String> wrongMethod = client.post("/health", "{}");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET, HEAD", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals("POST", client.get("/v1/completions").headers().firstValue("Allow").orElse(""));
        HttpResponse<String> head = client.send("HEAD", "/");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        JsonObject model = JsonParser.parseString(client.get("/v1/models/tiny").body()).getAsJsonObject();
        assertEquals("tiny", model.get("id").getAsString());
        assertEquals("model", model.get("object").getAsString());
        assertError(404, "model", "does not exist", client.get("/v1/models/gpt-4"));
        assertEquals(204, client.get("/favicon.ico").statusCode());
    }

    /** logprobs: each returned token's probability when it was revealed, as the library's trace has it, with alternatives. */
    @Test
    void logprobsAreTheRevealingStepsProbabilities() throws Exception {
        JsonObject r = client.postJson("/v1/completions", "{\"prompt\":\"lp\",\"max_tokens\":16,\"block\":8,\"logprobs\":3}");
        GenerationConfig c = GenerationConfig.of(16, 8).withStops(subject.stopTokens(), List.of()).withAlternatives(3);
        Generation g = new Generator(subject.denoiser()).generate(subject.encode(Prompt.text("lp")), Planners.create("dus", 8), c);
        JsonObject lp = r.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("logprobs");
        int n = r.getAsJsonObject("usage").get("completion_tokens").getAsInt();
        assertEquals(n, lp.getAsJsonArray("tokens").size());
        assertEquals(n, lp.getAsJsonArray("text_offset").size());
        for (int i = 0; i < n; i++) {
            assertEquals(subject.denoiser().vocabulary().piece(g.tokens()[i]), lp.getAsJsonArray("tokens").get(i).getAsString());
            assertEquals(Math.log(g.trace().probability(i)), lp.getAsJsonArray("token_logprobs").get(i).getAsDouble(), 1e-5);  // the batched forward rounds a little differently
            JsonObject top = lp.getAsJsonArray("top_logprobs").get(i).getAsJsonObject();
            assertTrue(top.size() >= 1 && top.size() <= 3, top.toString());
            double best = top.entrySet().stream().mapToDouble(e -> e.getValue().getAsDouble()).max().orElseThrow();
            assertEquals(Math.log(g.trace().alternativeProbabilities(i)[0]), best, 1e-5);
        }
        JsonObject chat = client.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16,\"logprobs\":true,\"top_logprobs\":2}");
        JsonArray content = chat.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("logprobs").getAsJsonArray("content");
        assertEquals(chat.getAsJsonObject("usage").get("completion_tokens").getAsInt(), content.size());
        for (JsonElement e : content) {
            JsonObject t = e.getAsJsonObject();
            assertTrue(t.get("logprob").getAsDouble() <= 0 && t.has("bytes") && t.getAsJsonArray("top_logprobs").size() == 2, t.toString());
        }
        assertError(400, "logprobs", "non-streamed", client.post("/v1/completions", "{\"prompt\":\"a\",\"logprobs\":1,\"stream\":true}"));
        assertError(400, "top_logprobs", "needs", client.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"top_logprobs\":2}"));
        assertError(400, "logprobs", "between 0 and 5", client.post("/v1/completions", "{\"prompt\":\"a\",\"logprobs\":9}"));
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        client.postJson("/v1/completions", "{\"prompt\":\"m\",\"max_tokens\":32,\"block\":8}");
        ServerClient.events(client.open("/v1/completions", "{\"prompt\":\"m\",\"max_tokens\":32,\"block\":8,\"stream\":true}").body());
        HttpResponse<String> r = client.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        String text = r.body();
        for (String line : List.of("# TYPE dilate_requests_total counter", "dilate_requests_total{outcome=\"completed\"}",
                "dilate_requests_total{outcome=\"refused\"} 0.0", "# TYPE dilate_request_duration_seconds histogram",
                "dilate_request_duration_seconds_bucket{le=\"+Inf\"}", "dilate_time_to_first_text_seconds_count", "dilate_nfe_total",
                "dilate_forwards_total", "dilate_queue_depth", "dilate_slots_busy", "dilate_slots 4.0"))
            assertTrue(text.contains(line), line + " in\n" + text);
        long completed = (long) Double.parseDouble(text.lines().filter(l -> l.startsWith("dilate_requests_total{outcome=\"completed\"}"))
                .findFirst().orElseThrow().split(" ")[1]);
        assertEquals(client.health().get("completed").getAsLong(), completed, "/health and /metrics read one count");
    }

    @Test
    void stopStringsCutTheText() throws Exception {
        String text = client.postJson("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":32}")
                .getAsJsonArray("choices").get(0).getAsJsonObject().get("text").getAsString();
        String stop = text.substring(3, 5);
        JsonObject r = client.postJson("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":32,\"stop\":[" + Http.GSON.toJson(stop) + "]}");
        JsonObject choice = r.getAsJsonArray("choices").get(0).getAsJsonObject();
        assertEquals(text.substring(0, text.indexOf(stop)), choice.get("text").getAsString());
        assertEquals("stop", choice.get("finish_reason").getAsString());
    }

    @Test
    void modelsHealthAndThePage() throws Exception {
        JsonObject models = JsonParser.parseString(client.get("/v1/models").body()).getAsJsonObject();
        assertEquals("list", models.get("object").getAsString());
        assertEquals("tiny", models.getAsJsonArray("data").get(0).getAsJsonObject().get("id").getAsString());
        JsonObject health = client.health();
        assertEquals("ok", health.get("status").getAsString());
        assertTrue(health.get("batched").getAsBoolean());
        HttpResponse<String> page = client.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/v1/completions"));
    }

    private static void assertError(int status, String param, String messagePart, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject e = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
        assertTrue(e.get("message").getAsString().contains(messagePart), e.toString());
        assertTrue(e.has("type") && e.has("code") && e.has("param"), e.toString());
        if (param == null) assertTrue(e.get("param").isJsonNull(), e.toString());
        else assertEquals(param, e.get("param").getAsString());
    }

    @Test
    void badRequestsAnswer400WithTheFieldAndWhy() throws Exception {
        assertError(400, null, "not valid JSON", client.post("/v1/completions", "{\"prompt\": \"a\""));
        assertError(400, null, "must be a JSON object", client.post("/v1/completions", "[1,2]"));
        assertError(400, "prompt", "required", client.post("/v1/completions", "{}"));
        assertError(400, "prompt", "must be a string", client.post("/v1/completions", "{\"prompt\":42}"));
        assertError(400, "temperature", "must be a number", client.post("/v1/completions", "{\"prompt\":\"a\",\"temperature\":\"hot\"}"));
        assertError(400, "temperature", ">= 0", client.post("/v1/completions", "{\"prompt\":\"a\",\"temperature\":-1}"));
        assertError(400, "max_tokens", "integer", client.post("/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":2.5}"));
        assertError(400, "max_tokens", "limit is 128", client.post("/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":129}"));
        assertError(400, "planner", "unknown planner", client.post("/v1/completions", "{\"prompt\":\"a\",\"planner\":\"magic\"}"));
        assertError(400, "cache", "unknown cache mode", client.post("/v1/completions", "{\"prompt\":\"a\",\"cache\":\"lru\"}"));
        assertError(400, "n", "only n = 1", client.post("/v1/completions", "{\"prompt\":\"a\",\"n\":2}"));
        assertError(400, "stream", "true or false", client.post("/v1/completions", "{\"prompt\":\"a\",\"stream\":\"yes\"}"));
        assertError(400, "stop", "non-empty string", client.post("/v1/completions", "{\"prompt\":\"a\",\"stop\":[\"\"]}"));
        assertError(400, "messages", "non-empty list", client.post("/v1/chat/completions", "{\"messages\":[]}"));
        assertError(400, "messages[0].role", "system, user or assistant", client.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"robot\",\"content\":\"a\"}]}"));
        assertError(400, "prompt", "limit is 256", client.post("/v1/completions", "{\"prompt\":\"" + "z".repeat(257) + "\"}"));
        assertError(400, null, "over 1048576 bytes", client.post("/v1/completions", "{\"prompt\":\"" + "z".repeat(1 << 20) + "\"}"));
        assertError(405, null, "use POST", client.get("/v1/completions"));
        assertError(404, null, "no such endpoint", client.get("/v2/anything"));
        assertError(404, null, "no such endpoint", client.post("/v1/completions/extra", "{\"prompt\":\"a\"}"));
        assertTrue(client.counted("invalid", 18) >= 18);
    }
}
