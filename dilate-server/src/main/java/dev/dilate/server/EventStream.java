package dev.dilate.server;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events as OpenAI streams them: "data: {json}" per event, "data: [DONE]" at the end.
 * A write that fails means the client has gone: the job is cancelled, which frees its slot at
 * its next step.
 */
final class EventStream {
    private final OutputStream out;
    private final Job job;

    EventStream(HttpExchange ex, Job job) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        this.out = ex.getResponseBody();
        this.job = job;
    }

    void send(JsonObject event) { write("data: " + Http.GSON.toJson(event) + "\n\n"); }

    void done() { write("data: [DONE]\n\n"); }

    private void write(String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            job.cancel(ApiError.clientGone());
            throw ApiError.clientGone();
        }
    }
}
