package dev.dilate.eval.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs untrusted Python programs (model-written code and its tests), one subprocess per program,
 * in a fresh temporary folder that is deleted afterwards, with stdin empty, output captured and
 * capped, and the limits of {@link SandboxLimits}. How strongly the program is fenced off is the
 * {@link Isolation}; see sandbox_init.py and sandbox_guard.py for what happens inside. Instances
 * are immutable: any number of runs may go on in parallel.
 */
public final class PythonSandbox {
    private static final int TIMED_OUT = 124;
    private static final int CPU_TIME_EXCEEDED = 128 + 24; // killed by SIGXCPU
    /** Lets the JVM's kill come after the guard's own timer, which starts once Python is up. */
    private static final Duration GRACE = Duration.ofSeconds(1);
    /** Unprivileged user ids for NAMESPACES runs: drawn at random so parallel runs get separate RLIMIT_NPROC counts. */
    private static final int FIRST_UID = 2_000_000, UIDS = 1 << 20;
    /** Said (on stderr) of a program that exited with status 0 without its tests having returned. */
    static final String EXITED_EARLY = "sandbox: the program exited (status 0) before its tests returned: not a pass";
    private static final SecureRandom TOKENS = new SecureRandom();
    private static final String INIT = resource("sandbox_init.py"), GUARD = resource("sandbox_guard.py");

    private final SandboxLimits limits;
    private final Isolation isolation;
    private final String interpreter;

    /**
     * A sandbox with the given limits and isolation. Resolves the interpreter to its real path
     * and runs an empty program once, so a machine where the sandbox cannot work fails here, with
     * the reason, rather than scoring every program as failed.
     *
     * @throws IllegalStateException when the interpreter is missing or the empty program does not pass
     */
    public PythonSandbox(SandboxLimits limits, Isolation isolation) {
        this.limits = limits;
        this.isolation = isolation;
        this.interpreter = resolve(limits.python());
        SandboxResult empty = run("pass\n");
        if (!empty.passed())
            throw new IllegalStateException("the Python sandbox (" + isolation + ") cannot run programs here: " + empty
                    + (isolation == Isolation.NAMESPACES ? "; Isolation.PROCESS_GROUP runs without namespaces" : ""));
    }

    /** A sandbox with {@link SandboxLimits#defaults()} and the strongest isolation this machine allows. */
    public PythonSandbox() {
        this(SandboxLimits.defaults(), Isolation.detect());
    }

    public SandboxLimits limits() { return limits; }

    public Isolation isolation() { return isolation; }

    /** Runs one program to its end, its time limit, or its failure. */
    public SandboxResult run(String program) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dilate-sandbox-");
            // others (the unprivileged user id) may pass through and read the two scripts, not list the folder
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path work = Files.createDirectory(dir.resolve("work"));
            Path programFile = readable(dir.resolve("program.py"), program);
            Path guard = readable(dir.resolve("sandbox_guard.py"), GUARD);
            List<String> command = new ArrayList<>(List.of("setsid"));
            if (isolation == Isolation.NAMESPACES) {
                Path init = readable(dir.resolve("sandbox_init.py"), INIT);
                int uid = FIRST_UID + ThreadLocalRandom.current().nextInt(UIDS);
                command.addAll(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--net", "--mount-proc",
                        interpreter, "-I", "-B", init.toString(), work.toString(), Integer.toString(uid),
                        Long.toString(limits.scratchBytes())));
            } else {
                command.addAll(List.of(interpreter, "-I", "-B"));
            }
            command.addAll(List.of(guard.toString(), programFile.toString(), seconds(limits.timeLimit()),
                    Long.toString(limits.memoryBytes()), Long.toString(limits.fileSizeBytes()),
                    Integer.toString(limits.processes())));
            return execute(command, work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a sandboxed program: " + e.getMessage(), e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    private SandboxResult execute(List<String> command, Path work) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C.UTF-8", "HOME", work.toString()));
        long start = System.nanoTime();
        Process process = builder.start();
        // The guard prints this line only once the program and its tests have returned (see sandbox_guard.py).
        String passLine = "\n" + passToken() + "\n";
        try (var in = process.getOutputStream()) {
            in.write(passLine.substring(1).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the guard died before reading it: the run fails below
        }
        OutputTail stdout = new OutputTail(limits.outputBytes()), stderr = new OutputTail(limits.outputBytes());
        Thread outReader = Thread.ofVirtual().start(() -> stdout.drain(process.getInputStream()));
        Thread errReader = Thread.ofVirtual().start(() -> stderr.drain(process.getErrorStream()));
        boolean killed = false;
        try {
            if (!process.waitFor(limits.timeLimit().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                killed = true;
            }
            if (isolation == Isolation.PROCESS_GROUP) killGroup(process.pid());
            process.waitFor();
            outReader.join(GRACE);
            errReader.join(GRACE);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            if (isolation == Isolation.PROCESS_GROUP) killGroup(process.pid());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a sandboxed program ran", e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        int code = process.exitValue();
        String out = stdout.text();
        boolean reported = code == 0 && out.endsWith(passLine);
        SandboxResult.Status status = killed || code == TIMED_OUT || code == CPU_TIME_EXCEEDED ? SandboxResult.Status.TIMED_OUT
                : reported ? SandboxResult.Status.PASSED : SandboxResult.Status.FAILED;
        if (reported) out = out.substring(0, out.length() - passLine.length());
        String err = stderr.text();
        if (code == 0 && !reported) err += (err.isEmpty() || err.endsWith("\n") ? "" : "\n") + EXITED_EARLY + "\n";
        return new SandboxResult(status, code, wall, out, err);
    }

    /** A fresh random token per run: a program that has not seen it cannot print it. */
    private static String passToken() {
        byte[] b = new byte[16];
        TOKENS.nextBytes(b);
        return "dilate-pass-" + HexFormat.of().formatHex(b);
    }

    /** Without a PID namespace, the program's children are only reachable through its process group (setsid made it). */
    private static void killGroup(long pgid) {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot kill the sandbox's process group " + pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String resolve(String python) {
        try {
            Process p = new ProcessBuilder(python, "-I", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty())
                throw new IllegalStateException("python interpreter '" + python + "' does not run: " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("python interpreter '" + python + "' not found (set -Ddilate.python=...): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for python", e);
        }
    }

    private static Path readable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toNanos() / 1e9);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the sandbox folder " + dir, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PythonSandbox.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
