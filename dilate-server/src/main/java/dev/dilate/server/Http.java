package dev.dilate.server;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import dev.dilate.format.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading JSON bodies and writing JSON answers on an exchange. */
final class Http {
    private Http() {}

    /** OpenAI's shapes keep null members (e.g. "param": null, "logprobs": null): the project's JSON setup does. */
    static final Gson GSON = Json.COMPACT;
    /** Largest request body read; a prompt past the token limit is refused long before this. */
    static final int MAX_BODY_BYTES = 1 << 20;

    static JsonObject readObject(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) throw ApiError.invalid(null, "the request body is over " + MAX_BODY_BYTES + " bytes");
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException bad) {
            throw ApiError.invalid(null, "the request body is not valid JSON: " + rootMessage(bad));
        }
        if (!e.isJsonObject()) throw ApiError.invalid(null, "the request body must be a JSON object, got " + (body.length == 0 ? "nothing" : e));
        return e.getAsJsonObject();
    }

    /** Sends a whole answer; to HEAD, the same status and headers without the body. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) ex.getResponseBody().write(body);
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", GSON.toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, ApiError e) throws IOException {
        if (e.status == 429 || e.status == 503) ex.getResponseHeaders().set("Retry-After", "1");
        json(ex, e.status, e.toJson());
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
