package dev.dilate.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP calls against a running server, as any client makes them. */
final class ServerClient {
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerClient(URI base) { this.base = base; }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any method without a body (HEAD, DELETE, ...). */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject postJson(String path, String body) throws IOException, InterruptedException {
        return ok(post(path, body));
    }

    JsonObject getJson(String path) throws IOException, InterruptedException {
        return ok(get(path));
    }

    private static JsonObject ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) throw new AssertionError("status " + r.statusCode() + ": " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** The response with its body as a stream, for reading events as they come (or hanging up). */
    HttpResponse<InputStream> open(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Every "data:" payload of a streamed response, [DONE] included. */
    static List<String> events(InputStream body) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; )
                if (line.startsWith("data: ")) out.add(line.substring(6));
        }
        return out;
    }

    JsonObject health() throws IOException, InterruptedException {
        return JsonParser.parseString(get("/health").body()).getAsJsonObject();
    }

    /**
     * A /health counter once it has reached at least {@code atLeast} (or its value after 5 s): the
     * server counts a request when its exchange closes, a moment after the client has the answer.
     */
    long counted(String field, long atLeast) throws IOException, InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L, n;
        while ((n = health().get(field).getAsLong()) < atLeast && System.nanoTime() < until) Thread.sleep(10);
        return n;
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
