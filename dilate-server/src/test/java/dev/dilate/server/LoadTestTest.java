package dev.dilate.server;

import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short load test: more streaming clients than slots and queue together, every request answered or refused cleanly. */
class LoadTestTest {
    @TempDir Path dir;

    @Test
    void theServerSurvivesMoreClientsThanItTakes() throws Exception {
        Path model = TinyModel.write(dir);
        ServerLimits limits = new ServerLimits(4, 2, 256, 256, Duration.ofSeconds(30), Duration.ofSeconds(5), 16, 32, dev.dilate.generate.CachePolicy.NONE);
        try (Subject s = Subjects.open(model.toString());
             DilateServer server = DilateServer.start(s, "tiny", new InetSocketAddress("127.0.0.1", 0), limits)) {
            String body = "{\"prompt\":\"12+34=\",\"max_tokens\":64,\"planner\":\"confidence\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
            LoadTest.Result r = LoadTest.run(server.uri(), 16, Duration.ofSeconds(3), body);
            assertEquals(0, r.failed(), String.valueOf(r.failures()));
            assertTrue(r.completed() > 0 && r.refused() > 0, r.toString());
            assertTrue(r.p50Millis() <= r.p90Millis() && r.p90Millis() <= r.p99Millis(), r.toString());
            // 64 positions in blocks of 16: the first block's text arrives well before the end.
            assertTrue(r.firstTextP50Millis() < r.p50Millis() && r.firstTextShare() < 0.9, r.toString());
            assertTrue(r.nfe() > 0 && r.meanBatch() > 1, r.toString());
            assertTrue(r.peakHeapBytes() > 0 && r.peakHeapBytes() <= r.heapMaxBytes() && r.liveHeapBytes() <= r.peakHeapBytes(), r.toString());
            ServerClient c = new ServerClient(server.uri());
            assertEquals(r.completed(), c.counted("completed", r.completed()));
            assertEquals(0, c.health().get("running").getAsLong());
        }
    }

    @Test
    void percentilesAreNearestRank() {
        var v = java.util.List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertEquals(5.0, LoadTest.percentile(v, 0.5));
        assertEquals(9.0, LoadTest.percentile(v, 0.9));
        assertEquals(10.0, LoadTest.percentile(v, 0.99));
    }
}
