package dev.dilate.eval.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How programs are kept apart from the machine. NAMESPACES (root with util-linux unshare): fresh
 * PID, mount and network namespaces, a read-only filesystem with a private tmpfs to write in, an
 * unprivileged user id (so RLIMIT_NPROC holds and no file of the host is writable) and no network;
 * killing the namespace's first process kills everything the program started. PROCESS_GROUP (any
 * other case): a new session, resource limits and the guard only; the program runs as the invoking
 * user and can reach the network and that user's files.
 */
public enum Isolation {
    NAMESPACES, PROCESS_GROUP;

    /** NAMESPACES when this process is root and {@code unshare} can create the namespaces here. */
    public static Isolation detect() {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) return PROCESS_GROUP;
            Process p = new ProcessBuilder("unshare", "--mount", "--pid", "--fork", "--kill-child", "--net", "--mount-proc", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return PROCESS_GROUP;
            }
            return p.exitValue() == 0 ? NAMESPACES : PROCESS_GROUP;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return PROCESS_GROUP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PROCESS_GROUP;
        }
    }
}
