package dev.dilate.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `dilate serve` as a user runs it: its own JVM on the shipped model, a free port, health, a load
 * test from `dilate loadtest`, then SIGTERM, which must end it cleanly and soon.
 */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("at (http://\\S+/)");

    @Test
    void servesTheShippedModelAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process server = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.dilate.cli.Main", "serve", "--port", "0", "--grace", "2"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.contains("serving dilate-add"), "first line: " + line);
            Matcher m = URL.matcher(line);
            assertTrue(m.find(), line);
            String url = m.group(1);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            CliTest.Result load = CliTest.run("loadtest", "--url", url, "--clients", "4", "--seconds", "2", "--json");
            assertEquals(0, load.code(), load.err());
            JsonObject r = JsonParser.parseString(load.out()).getAsJsonObject();
            assertTrue(r.get("completed").getAsLong() > 0, load.out());
            assertEquals(0, r.get("failed").getAsLong(), load.out());

            server.destroy();                                    // SIGTERM: drains and stops
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server stops within its grace period");
            assertEquals(0, server.exitValue(), "a clean drain is a success");
        } finally {
            server.destroyForcibly();
        }
    }
}
