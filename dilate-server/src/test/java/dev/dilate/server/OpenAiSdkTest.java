package dev.dilate.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import dev.dilate.testing.NpmFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI SDK (the npm package, installed into .npm-sdk/) as the client: list and
 * retrieve models, completions and chat whole and streamed (the joined stream equal to the whole
 * answer), a wrong key, a busy server and an aborted stream as its typed errors. The checks are
 * in src/test/resources/openai-sdk/sdk.mjs.
 */
class OpenAiSdkTest {
    private static final Path SDK = Path.of(".npm-sdk");
    private static final List<String> CHECKS = List.of("models.list", "models.retrieve", "models.retrieve unknown is NotFoundError",
            "completions.create", "chat.completions.create", "completions stream joins to the answer, with usage",
            "chat stream joins to the message", "a wrong key is AuthenticationError", "a busy server is RateLimitError, and an abort ends a stream");

    @TempDir Path dir;

    @Test
    void theOfficialSdkWorksAgainstTheServer() throws Exception {
        NpmFolder.install(SDK, "openai-sdk", "sdk.mjs");
        Path model = TinyModel.write(dir);
        ServerLimits limits = new ServerLimits(4, 4, 256, 128, Duration.ofSeconds(60), Duration.ofSeconds(1), 16, 32, dev.dilate.generate.CachePolicy.NONE);
        ServerLimits oneSlot = new ServerLimits(1, 0, 256, 128, Duration.ofSeconds(60), Duration.ofSeconds(1), 16, 32, dev.dilate.generate.CachePolicy.NONE);
        try (Subject subject = Subjects.open(model.toString());
             Subject slowSubject = new SlowSubject(Subjects.open(model.toString()), 300);
             DilateServer server = DilateServer.start(subject, "tiny", new InetSocketAddress("127.0.0.1", 0), limits, new Access("sdk-key", null));
             DilateServer slow = DilateServer.start(slowSubject, "slow", new InetSocketAddress("127.0.0.1", 0), oneSlot)) {
            Process node = new ProcessBuilder("node", SDK.resolve("sdk.mjs").toAbsolutePath().toString(),
                    server.uri().toString(), "sdk-key", slow.uri().toString()).redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the SDK script finished");
            List<String> passed = new ArrayList<>(), failed = new ArrayList<>();
            for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
                JsonObject r = JsonParser.parseString(line).getAsJsonObject();
                (r.get("ok").getAsBoolean() ? passed : failed).add(r.get("check").getAsString() + (r.get("ok").getAsBoolean() ? "" : ": " + r.get("detail")));
            }
            System.out.println("OpenAiSdkTest: " + passed.size() + " checks passed: " + passed);
            assertEquals(List.of(), failed, out);
            assertEquals(CHECKS, passed, out);
            // The aborted stream was seen by the server as a cancellation.
            ServerClient c = new ServerClient(slow.uri());
            assertTrue(c.counted("cancelled", 1) >= 1, c.health().toString());
        }
    }
}
