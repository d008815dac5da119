package dev.dilate.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve --api-key and --cors: 401 in OpenAI's shape without the key, health and the page exempt, CORS preflight answered. */
class ServerAccessTest {
    @TempDir Path dir;

    @Test
    void apiKeyAndCors() throws Exception {
        Path model = TinyModel.write(dir);
        ServerLimits limits = new ServerLimits(2, 2, 256, 64, Duration.ofSeconds(60), Duration.ofSeconds(1), 16, 16, dev.dilate.generate.CachePolicy.NONE);
        try (Subject subject = Subjects.open(model.toString());
             DilateServer server = DilateServer.start(subject, "tiny", new InetSocketAddress("127.0.0.1", 0), limits,
                     new Access("s3cret", "https://app.example"))) {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"prompt\":\"a\",\"max_tokens\":16}";
            HttpRequest.Builder post = HttpRequest.newBuilder(server.uri().resolve("/v1/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> none = http.send(post.copy().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode(), none.body());
            JsonObject error = JsonParser.parseString(none.body()).getAsJsonObject().getAsJsonObject("error");
            assertEquals("invalid_api_key", error.get("code").getAsString());
            assertEquals("invalid_request_error", error.get("type").getAsString());
            assertEquals(401, http.send(post.copy().header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> ok = http.send(post.copy().header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("https://app.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals(401, http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/models")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.uri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(JsonParser.parseString(health.body()).getAsJsonObject().get("api_key_required").getAsBoolean());
            assertEquals(200, http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/chat/completions"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        }
    }
}
