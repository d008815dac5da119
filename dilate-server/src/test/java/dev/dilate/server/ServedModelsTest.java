package dev.dilate.server;

import com.google.gson.JsonObject;
import dev.dilate.model.ShippedModels;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One server, both shipped models: a request goes to the model it names, else by its prompt. */
class ServedModelsTest {
    @Test
    void requestsGoToTheModelTheyNameElseByTheirPrompt() throws Exception {
        try (Subject add = Subjects.open(ShippedModels.NAME); Subject text = Subjects.open(ShippedModels.TEXT)) {
            ServerLimits limits = new ServerLimits(2, 4, 256, 64, Duration.ofSeconds(60), Duration.ofSeconds(5), 16, 16, dev.dilate.generate.CachePolicy.NONE);
            try (DilateServer server = DilateServer.start(List.of(new Served("dilate-add3", add, false), new Served("dilate-text", text, true)),
                    new InetSocketAddress("127.0.0.1", 0), limits, Access.OPEN)) {
                ServerClient c = new ServerClient(server.uri());
                JsonObject models = c.getJson("/v1/models");
                assertEquals(2, models.getAsJsonArray("data").size());
                assertEquals("dilate-text", c.getJson("/v1/models/dilate-text").get("id").getAsString());
                assertEquals("dilate-text", model(c, "{\"prompt\":\"The old house\"}"), "words go to the English model");
                assertEquals("dilate-add3", model(c, "{\"prompt\":\"a=3;b=5;c=a+b;c?\"}"), "sums to the first");
                assertEquals("dilate-text", model(c, "{\"model\":\"dilate-text\",\"prompt\":\"a=3;b=5;c=a+b;c?\"}"), "a named model wins");
                assertEquals("dilate-text", model(c, "{\"model\":\"gpt-4\",\"prompt\":\"The old house\"}"), "an unknown name is ignored");
                JsonObject chat = c.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the house\"}],\"max_tokens\":16}");
                assertEquals("dilate-text", chat.get("model").getAsString());
                assertEquals(List.of("dilate-add3", "dilate-text"), c.getJson("/health").getAsJsonArray("models").asList().stream().map(e -> e.getAsString()).toList());
            }
        }
    }

    private static String model(ServerClient c, String body) throws Exception {
        return c.postJson("/v1/completions", body.replace("}", ",\"max_tokens\":16}")).get("model").getAsString();
    }
}
