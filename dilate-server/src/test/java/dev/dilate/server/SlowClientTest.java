package dev.dilate.server;

import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections that send nothing, half their headers, or headers and then no body must not hold
 * the server up: with 200 of them open, /health answers within a second and a completion is served.
 */
class SlowClientTest {
    @TempDir Path dir;

    @Test
    void idleAndTricklingConnectionsDoNotBlockOthers() throws Exception {
        Path model = TinyModel.write(dir);
        ServerLimits limits = new ServerLimits(2, 2, 256, 64, Duration.ofSeconds(60), Duration.ofSeconds(1), 16, 16, dev.dilate.generate.CachePolicy.NONE);
        List<Socket> slow = new ArrayList<>();
        try (Subject subject = Subjects.open(model.toString());
             DilateServer server = DilateServer.start(subject, "tiny", new InetSocketAddress("127.0.0.1", 0), limits)) {
            ServerClient client = new ServerClient(server.uri());
            String[] openings = {"", "GET /health HTTP/1.1\r\nHost: x\r\n",
                    "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"prompt\""};
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                slow.add(s);
                OutputStream out = s.getOutputStream();
                out.write(openings[i % openings.length].getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                assertEquals(200, client.get("/health").statusCode());
                worst = Math.max(worst, System.nanoTime() - t0);
            }
            System.out.printf("SlowClientTest: /health with 200 slow connections open: slowest of 5 in %.1f ms%n", worst / 1e6);
            assertTrue(worst < 1_000_000_000L, "health took " + worst / 1e6 + " ms");
            assertEquals(200, client.post("/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":16}").statusCode());
            // A body that never comes: the connection is closed once the request has taken 10 s.
            Socket stalled = slow.get(2);
            stalled.setSoTimeout(20_000);
            long t0 = System.nanoTime();
            try {
                stalled.getInputStream().readAllBytes();
            } catch (java.net.SocketException reset) {
                // closed by the server mid-request: as good as an end of stream
            }
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited < 15, "closed after " + waited + " s");
            System.out.printf("SlowClientTest: a stalled body was cut off after %.1f s more%n", waited);
        } finally {
            for (Socket s : slow) s.close();
        }
    }
}
