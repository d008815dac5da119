package dev.dilate.eval.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a stream to its end and keeps its last {@code cap} bytes: a program may print without
 * bound, and the end of stderr (the traceback) is the part worth keeping.
 */
final class OutputTail {
    private final byte[] ring;
    private long total;

    OutputTail(int cap) { ring = new byte[cap]; }

    void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) ring[(int) ((total + i) % ring.length)] = buf[i];
                total += n;
            }
        } catch (IOException e) {
            // the stream closed under us (the process was killed): keep what arrived
        }
    }

    /** The kept bytes as UTF-8 text, marked when the beginning was dropped. */
    String text() {
        if (total <= ring.length) return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        int start = (int) (total % ring.length);
        byte[] out = new byte[ring.length];
        System.arraycopy(ring, start, out, 0, ring.length - start);
        System.arraycopy(ring, 0, out, ring.length - start, start);
        return "[" + (total - ring.length) + " bytes dropped]\n" + new String(out, StandardCharsets.UTF_8);
    }
}
