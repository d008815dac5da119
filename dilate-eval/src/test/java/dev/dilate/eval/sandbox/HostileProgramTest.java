package dev.dilate.eval.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Programs that try to hang, exhaust or leave the machine: each one fails, and the next run still works. */
class HostileProgramTest {
    private final String token = UUID.randomUUID().toString();

    @AfterEach
    void nextRunStillWorks() {
        SandboxResult r = Sandboxes.shortLimit().run("print(sum(range(10)))\n");
        assertTrue(r.passed(), r.toString());
        assertEquals("45\n", r.stdout());
    }

    @Test
    void infiniteLoopTimesOut() {
        PythonSandbox box = Sandboxes.shortLimit();
        SandboxResult r = box.run("while True:\n    pass\n");
        assertEquals(SandboxResult.Status.TIMED_OUT, r.status());
        assertTrue(r.wallTime().compareTo(box.limits().timeLimit().plus(Duration.ofSeconds(2))) < 0, r.toString());
    }

    @Test
    void loopThatSwallowsEveryExceptionStillTimesOut() {
        SandboxResult r = Sandboxes.shortLimit().run("""
                while True:
                    try:
                        while True:
                            pass
                    except BaseException:
                        pass
                """);
        assertEquals(SandboxResult.Status.TIMED_OUT, r.status());
    }

    @Test
    void loopThatIgnoresTheAlarmIsKilled() {
        PythonSandbox box = Sandboxes.shortLimit();
        SandboxResult r = box.run("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n");
        assertEquals(SandboxResult.Status.TIMED_OUT, r.status());
        assertTrue(r.wallTime().compareTo(box.limits().timeLimit().plus(Duration.ofSeconds(3))) < 0, r.toString());
    }

    @Test
    void forkBombIsContainedAndStopped() throws IOException {
        // The count is printed after 1000 fork attempts, which took over 1 s once on a busy
        // machine: the time limit must stop the second loop, not the first.
        PythonSandbox box = Sandboxes.withTimeLimit(Duration.ofSeconds(5));
        // posix.fork is the real fork, past the guard; sleepers carry the token so survivors can be found
        SandboxResult r = box.run("""
                import posix
                started = 0
                for i in range(1000):
                    try:
                        if posix.fork() == 0:
                            posix.execv('/bin/sleep', ['/bin/sleep', '%s'])
                        started += 1
                    except OSError:
                        pass
                print(started, flush=True)
                while True:
                    try:
                        posix.fork()
                    except OSError:
                        pass
                """.formatted(sleepArgument()));
        assertNotEquals(SandboxResult.Status.PASSED, r.status(), r.toString());
        assertTrue(r.wallTime().compareTo(box.limits().timeLimit().plus(Duration.ofSeconds(3))) < 0, r.toString());
        if (box.isolation() == Isolation.NAMESPACES) {
            assertFalse(r.stdout().isBlank(), "the first loop ended within the time limit: " + r);
            assertTrue(Integer.parseInt(r.stdout().strip()) < box.limits().processes(), "processes were limited: " + r.stdout());
        }
        assertEquals(0, survivors(), "no process of the run survives it");
    }

    @Test
    void detachedDaemonDiesWithTheRun() throws IOException {
        PythonSandbox box = Sandboxes.shortLimit();
        Sandboxes.assumeNamespaces(box);
        SandboxResult r = box.run("""
                import posix
                if posix.fork() == 0:
                    posix.setsid()
                    posix.execv('/bin/sleep', ['/bin/sleep', '%s'])
                """.formatted(sleepArgument()));
        assertTrue(r.passed(), r.toString());
        assertEquals(0, survivors(), "the daemon went with the namespace");
    }

    @Test
    void memoryBombIsStopped() {
        // Filling 1 GiB took over the default 3 s once on a busy machine: the memory limit, not the
        // clock, must stop it, so the clock gets room.
        PythonSandbox box = Sandboxes.withTimeLimit(java.time.Duration.ofSeconds(20));
        SandboxResult grow = box.run("blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))\n");
        assertEquals(SandboxResult.Status.FAILED, grow.status(), grow.toString());
        assertTrue(grow.stderr().contains("MemoryError"), grow.stderr());
        SandboxResult big = box.run("x = bytearray(8 << 30)\n");
        assertEquals(SandboxResult.Status.FAILED, big.status(), big.toString());
    }

    @Test
    void cannotWriteOutsideItsFolder() {
        PythonSandbox box = Sandboxes.shortLimit();
        Sandboxes.assumeNamespaces(box);
        Path inTmp = Path.of("/tmp", "outside-" + token);
        Path inHome = Path.of(System.getProperty("user.home"), "outside-" + token);
        Path inProject = Path.of("target", "outside-" + token).toAbsolutePath();
        for (Path target : new Path[] {inTmp, inHome, inProject}) {
            SandboxResult direct = box.run("open('" + target + "', 'w').write('escaped')\n");
            assertEquals(SandboxResult.Status.FAILED, direct.status(), target + ": " + direct);
            SandboxResult shell = box.run("import posix\nassert posix.system('echo escaped > " + target + "') == 0\n");
            assertEquals(SandboxResult.Status.FAILED, shell.status(), target + ": " + shell);
            assertFalse(Files.exists(target), "written outside the sandbox: " + target);
        }
    }

    @Test
    void cannotOpenSockets() throws IOException {
        PythonSandbox box = Sandboxes.shortLimit();
        Sandboxes.assumeNamespaces(box);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            SandboxResult local = box.run("import socket\nsocket.create_connection(('127.0.0.1', %d), timeout=2).sendall(b'x')\n"
                    .formatted(server.getLocalPort()));
            assertEquals(SandboxResult.Status.FAILED, local.status(), local.toString());
            assertThrows(SocketTimeoutException.class, server::accept, "nothing reached the JVM's listening socket");
        }
        SandboxResult external = box.run("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=2)\n");
        assertEquals(SandboxResult.Status.FAILED, external.status(), external.toString());
        SandboxResult dns = box.run("import socket\nsocket.getaddrinfo('example.com', 80)\n");
        assertEquals(SandboxResult.Status.FAILED, dns.status(), dns.toString());
    }

    private String sleepArgument() {
        return "7777." + token.replaceAll("[^0-9]", "").substring(0, 12);
    }

    /** Processes whose command line holds this test's sleep argument. */
    private long survivors() throws IOException {
        String needle = sleepArgument();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(needle);
                        } catch (IOException e) {
                            return false; // the process ended while we looked
                        }
                    }).count();
        }
    }
}
