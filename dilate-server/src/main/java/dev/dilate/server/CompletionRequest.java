package dev.dilate.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Sampling;
import dev.dilate.planner.Planner;
import dev.dilate.planner.Planners;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One /v1/completions or /v1/chat/completions request, checked: OpenAI's fields (prompt or
 * messages, max_tokens, temperature, top_p, seed, stop, n = 1, stream, stream_options) and
 * dilate's own (planner, block, top_k). Unknown fields are ignored, as OpenAI-compatible servers do.
 *
 * @param genLength G: max_tokens rounded up to a multiple of the block
 * @param logprobs  -1 for no logprobs, else how many alternatives each returned token carries
 *                  (completions' {@code logprobs: N}; chat's {@code logprobs: true} with {@code top_logprobs: N})
 */
record CompletionRequest(boolean chat, Prompt prompt, int genLength, int block, String plannerSpec,
                         Planner planner, CachePolicy cache, Sampling sampling, List<String> stops, boolean stream, boolean includeUsage,
                         int logprobs) {

    /** Fields OpenAI defines that dilate does not implement: set to anything but their neutral value, they are refused. */
    private static final Set<String> UNSUPPORTED = Set.of("echo", "suffix", "tools", "functions", "logit_bias");

    static CompletionRequest parse(JsonObject body, boolean chat, ServerLimits limits) {
        JsonFields f = new JsonFields(body);
        for (String name : UNSUPPORTED)
            if (f.has(name) && !body.get(name).equals(new JsonPrimitive(false)))
                throw ApiError.invalid(name, "'" + name + "' is not supported by this server");
        if (f.integer("n", 1) != 1) throw ApiError.invalid("n", "only n = 1 is supported, got " + body.get("n"));
        if (f.integer("best_of", 1) != 1) throw ApiError.invalid("best_of", "only best_of = 1 is supported, got " + body.get("best_of"));
        Prompt prompt = chat ? Prompt.chat(messages(f), "") : Prompt.text(promptText(f));

        int block = f.integer("block", limits.defaultBlock(), 1, limits.maxGenLength());
        String tokensField = chat && f.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        int maxTokens = f.integer(tokensField, limits.defaultMaxTokens(), 1, Integer.MAX_VALUE);
        long genLength = ((long) maxTokens + block - 1) / block * block;
        if (genLength > limits.maxGenLength())
            throw ApiError.invalid(tokensField, "'" + tokensField + "' is " + maxTokens + ", which with block " + block
                    + " gives a generation length of " + genLength + "; this server's limit is " + limits.maxGenLength());

        String spec = f.string("planner", "dus");
        Planner planner;
        try {
            planner = Planners.create(spec, block);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("planner", "'planner' " + e.getMessage());
        }
        CachePolicy cache;
        try {
            cache = f.has("cache") ? CachePolicy.parse(f.string("cache", "none")) : limits.defaultCache();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("cache", "'cache' " + e.getMessage());
        }
        double temperature = f.number("temperature", 0);
        if (temperature < 0) throw ApiError.invalid("temperature", "'temperature' must be >= 0, got " + temperature);
        double topP = f.number("top_p", 1);
        if (!(topP > 0 && topP <= 1)) throw ApiError.invalid("top_p", "'top_p' must be in (0, 1], got " + topP);
        int topK = f.integer("top_k", 0, 0, Integer.MAX_VALUE);
        Sampling sampling = new Sampling(temperature, topP, topK, f.integer("seed", 0L));
        boolean stream = f.bool("stream", false);
        boolean includeUsage = f.object("stream_options").bool("include_usage", false);
        int logprobs = logprobs(f, chat);
        if (logprobs >= 0 && stream) throw ApiError.invalid("logprobs", "'logprobs' are returned for non-streamed requests only");
        return new CompletionRequest(chat, prompt, (int) genLength, block, spec, planner, cache, sampling, stops(f), stream, includeUsage, logprobs);
    }

    /** -1 when none are asked for, else the number of alternatives per token (OpenAI's limits: 5 for completions, 20 for chat). */
    private static int logprobs(JsonFields f, boolean chat) {
        if (!chat) return f.has("logprobs") ? f.integer("logprobs", 0, 0, 5) : -1;
        boolean wanted = f.bool("logprobs", false);
        if (!wanted && f.has("top_logprobs"))
            throw ApiError.invalid("top_logprobs", "'top_logprobs' needs 'logprobs': true");
        return wanted ? f.integer("top_logprobs", 0, 0, 20) : -1;
    }

    /** A string, or a list holding exactly one string (clients send both). */
    private static String promptText(JsonFields f) {
        JsonElement p = f.get("prompt");
        if (p == null) throw ApiError.invalid("prompt", "'prompt' is required");
        if (p.isJsonArray() && p.getAsJsonArray().size() == 1) p = p.getAsJsonArray().get(0);
        if (p instanceof JsonPrimitive s && s.isString()) return s.getAsString();
        throw ApiError.invalid("prompt", "'prompt' must be a string (or a list of one string), got " + p);
    }

    private static List<ChatMessage> messages(JsonFields f) {
        if (!(f.get("messages") instanceof JsonArray a) || a.isEmpty())
            throw ApiError.invalid("messages", "'messages' must be a non-empty list of {role, content} objects");
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String where = "messages[" + i + "]";
            if (!a.get(i).isJsonObject()) throw ApiError.invalid(where, "'" + where + "' must be an object, got " + a.get(i));
            JsonFields m = new JsonFields(a.get(i).getAsJsonObject());
            String role = m.string("role", null);
            if (role == null || !Set.of("system", "user", "assistant").contains(role))
                throw ApiError.invalid(where + ".role", "'" + where + ".role' must be system, user or assistant, got " + role);
            out.add(new ChatMessage(role, content(m, where)));
        }
        return out;
    }

    /** A string, or a list of {type: "text", text} parts, joined. */
    private static String content(JsonFields m, String where) {
        JsonElement c = m.get("content");
        if (c instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        if (c instanceof JsonArray parts) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement part : parts) {
                JsonFields pf = part.isJsonObject() ? new JsonFields(part.getAsJsonObject()) : null;
                if (pf == null || !"text".equals(pf.string("type", null)))
                    throw ApiError.invalid(where + ".content", "only text content parts are supported, got " + part);
                sb.append(pf.string("text", ""));
            }
            return sb.toString();
        }
        throw ApiError.invalid(where + ".content", "'" + where + ".content' must be a string, got " + c);
    }

    private static List<String> stops(JsonFields f) {
        JsonElement s = f.get("stop");
        List<String> out = new ArrayList<>();
        if (s == null) return out;
        for (JsonElement e : s.isJsonArray() ? s.getAsJsonArray() : List.of(s)) {
            if (!(e instanceof JsonPrimitive p && p.isString() && !p.getAsString().isEmpty()))
                throw ApiError.invalid("stop", "'stop' must be a non-empty string or a list of them, got " + s);
            out.add(p.getAsString());
        }
        return out;
    }
}
