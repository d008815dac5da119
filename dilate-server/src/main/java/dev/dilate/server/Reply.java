package dev.dilate.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.dilate.generate.Generation;
import dev.dilate.generate.SpacingStats;
import dev.dilate.generate.Trace;
import dev.dilate.generate.Vocabulary;

import java.util.UUID;

/**
 * The JSON of one request's answer in OpenAI's shapes (text_completion or chat.completion, and
 * their stream chunks), with dilate's extras: usage.nfe, the decode's statistics, and per step
 * the positions revealed and their tokens.
 */
final class Reply {
    private final CompletionRequest request;
    private final String model;
    private final Vocabulary vocab;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;

    Reply(CompletionRequest request, String model, Vocabulary vocab) {
        this.request = request;
        this.model = model;
        this.vocab = vocab;
        this.id = (request.chat() ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
    }

    /** The non-streamed answer. */
    JsonObject whole(Generation g) {
        JsonObject o = envelope(false);
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        if (request.chat()) choice.add("message", message(g.text(), true));
        else choice.addProperty("text", g.text());
        choice.add("logprobs", request.logprobs() < 0 ? JsonNull.INSTANCE : logprobs(g));
        choice.addProperty("finish_reason", finishReason(g));
        o.add("choices", single(choice));
        o.add("usage", usage(g));
        o.add("dilate", stats(g));
        return o;
    }

    /** The first chunk: the assistant role for chat, and the canvas to come (G, B, planner, prompt length). */
    JsonObject start(int promptTokens) {
        JsonObject o = chunk(request.chat() ? message("", true) : null, "", null);
        JsonObject s = new JsonObject();
        s.addProperty("planner", request.plannerSpec());
        s.addProperty("block", request.block());
        s.addProperty("gen_length", request.genLength());
        s.addProperty("prompt_tokens", promptTokens);
        o.add("dilate_start", s);
        return o;
    }

    /**
     * One denoising step: the text that became final with it ("" unless it completed a block; see
     * {@link BlockText}), and in {@code dilate_step} the positions it revealed and their tokens.
     */
    JsonObject step(Trace.Step step, String text) {
        JsonObject o = chunk(request.chat() ? (text.isEmpty() ? new JsonObject() : message(text, false)) : null, text, null);
        JsonObject s = new JsonObject();
        s.addProperty("step", step.index());
        s.addProperty("block", step.block());
        s.addProperty("nfe", step.nfe());
        addTokens(s, "", step.positions(), step.tokens());
        // token editing (LLaDA 2.1): revealed positions rewritten
        if (step.edited().length > 0) addTokens(s, "edited_", step.edited(), step.editedTokens());
        s.addProperty("millis", step.nanos() / 1e6);
        o.add("dilate_step", s);
        return o;
    }

    /** {@code prefix}positions (named "edited" for rewrites), {@code prefix}tokens and {@code prefix}pieces of a step. */
    private void addTokens(JsonObject s, String prefix, int[] where, int[] which) {
        JsonArray positions = new JsonArray(), tokens = new JsonArray(), pieces = new JsonArray();
        for (int i = 0; i < where.length; i++) {
            positions.add(where[i]);
            tokens.add(which[i]);
            pieces.add(vocab.piece(which[i]));
        }
        s.add(prefix.isEmpty() ? "positions" : "edited", positions);
        s.add(prefix + "tokens", tokens);
        s.add(prefix + "pieces", pieces);
    }

    /** The last content chunk: the text not yet sent (so joined deltas are the answer), the finish reason and statistics. */
    JsonObject finish(Generation g, String rest) {
        JsonObject o = chunk(request.chat() ? message(rest, false) : null, rest, finishReason(g));
        o.add("dilate_stats", stats(g));
        return o;
    }

    /** The usage chunk stream_options.include_usage asks for: no choices. */
    JsonObject usageChunk(Generation g) {
        JsonObject o = envelope(true);
        o.add("choices", new JsonArray());
        o.add("usage", usage(g));
        return o;
    }

    private JsonObject chunk(JsonObject delta, String text, String finishReason) {
        JsonObject o = envelope(true);
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        if (request.chat()) choice.add("delta", delta);
        else choice.addProperty("text", text);
        choice.add("logprobs", JsonNull.INSTANCE);
        choice.addProperty("finish_reason", finishReason);
        o.add("choices", single(choice));
        return o;
    }

    private JsonObject envelope(boolean chunk) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("object", request.chat() ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion");
        o.addProperty("created", created);
        o.addProperty("model", model);
        return o;
    }

    private static JsonObject message(String content, boolean withRole) {
        JsonObject m = new JsonObject();
        if (withRole) m.addProperty("role", "assistant");
        m.addProperty("content", content);
        return m;
    }

    private static JsonArray single(JsonObject choice) {
        JsonArray a = new JsonArray();
        a.add(choice);
        return a;
    }

    private JsonObject usage(Generation g) {
        int completion = returnedTokens(g);
        JsonObject u = new JsonObject();
        u.addProperty("prompt_tokens", g.prompt().length);
        u.addProperty("completion_tokens", completion);
        u.addProperty("total_tokens", g.prompt().length + completion);
        u.addProperty("nfe", g.nfe());
        return u;
    }

    /**
     * The log-probability the denoiser gave each returned token at the step that revealed it (the
     * confidence planners rank by), with the most probable alternatives there, in OpenAI's shape:
     * completions' parallel lists, or chat's list of {token, logprob, bytes, top_logprobs}.
     */
    private JsonObject logprobs(Generation g) {
        int n = returnedTokens(g);
        Trace t = g.trace();
        JsonObject o = new JsonObject();
        if (request.chat()) {
            JsonArray content = new JsonArray();
            for (int i = 0; i < n; i++) {
                JsonObject entry = tokenLogprob(g.tokens()[i], t.probability(i));
                JsonArray top = new JsonArray();
                int[] alt = t.alternativeTokens(i);
                double[] p = t.alternativeProbabilities(i);
                for (int k = 0; k < Math.min(alt.length, request.logprobs()); k++) top.add(tokenLogprob(alt[k], p[k]));
                entry.add("top_logprobs", top);
                content.add(entry);
            }
            o.add("content", content);
            o.add("refusal", JsonNull.INSTANCE);
            return o;
        }
        JsonArray tokens = new JsonArray(), logprobs = new JsonArray(), offsets = new JsonArray(), tops = new JsonArray();
        int offset = 0;
        for (int i = 0; i < n; i++) {
            String piece = vocab.piece(g.tokens()[i]);
            tokens.add(piece);
            logprobs.add(logprob(t.probability(i)));
            offsets.add(offset);
            offset += piece.length();
            JsonObject top = new JsonObject();
            int[] alt = t.alternativeTokens(i);
            double[] p = t.alternativeProbabilities(i);
            // Keyed by text, as OpenAI's are: of two tokens that spell the same, the more probable (first) one stays.
            for (int k = 0; k < Math.min(alt.length, request.logprobs()); k++)
                if (!top.has(vocab.piece(alt[k]))) top.addProperty(vocab.piece(alt[k]), logprob(p[k]));
            tops.add(top);
        }
        o.add("tokens", tokens);
        o.add("token_logprobs", logprobs);
        o.add("top_logprobs", request.logprobs() > 0 ? tops : JsonNull.INSTANCE);
        o.add("text_offset", offsets);
        return o;
    }

    private JsonObject tokenLogprob(int token, double p) {
        String piece = vocab.piece(token);
        JsonObject e = new JsonObject();
        e.addProperty("token", piece);
        e.addProperty("logprob", logprob(p));
        JsonArray bytes = new JsonArray();
        for (byte b : piece.getBytes(java.nio.charset.StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        e.add("bytes", bytes);
        return e;
    }

    /** ln p; OpenAI's -9999 stands for a token the model gave (next to) no chance. */
    private static double logprob(double p) { return p > 0 ? Math.max(Math.log(p), -9999) : -9999; }

    /** Tokens of the text returned: all of them, or after a stop string cut the text, the fewest leading ones that spell it. */
    private int returnedTokens(Generation g) {
        int[] tokens = g.tokens();
        if (vocab.decode(tokens).length() == g.text().length()) return tokens.length;
        int lo = 0, hi = tokens.length;     // decoded length grows with the prefix: the first that covers the text
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (vocab.decode(java.util.Arrays.copyOf(tokens, mid)).length() >= g.text().length()) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** "stop" when a stop token or string ended the text, "length" when it filled the canvas. */
    private String finishReason(Generation g) {
        boolean cut = g.stopped() || g.tokens().length < request.genLength() || g.text().length() < vocab.decode(g.tokens()).length();
        return cut ? "stop" : "length";
    }

    private JsonObject stats(Generation g) {
        JsonObject s = new JsonObject();
        s.addProperty("planner", request.plannerSpec());
        s.addProperty("block", request.block());
        s.addProperty("gen_length", request.genLength());
        s.addProperty("nfe", g.nfe());
        s.addProperty("steps", g.trace().steps().size());
        s.addProperty("millis", g.nanos() / 1e6);
        s.addProperty("speedup", g.speedup());
        SpacingStats sp = g.spacing();
        JsonObject spacing = new JsonObject();
        spacing.add("step_averaged_distance", finite(sp.stepAveragedDistance()));
        spacing.add("pair_weighted_distance", finite(sp.pairWeightedDistance()));
        spacing.add("isolated_fraction", finite(sp.isolatedFraction()));
        s.add("spacing", spacing);
        return s;
    }

    /** JSON has no NaN: a statistic over no parallel steps is null. */
    private static JsonElement finite(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
