package dev.dilate.eval.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Ordinary programs: outcomes, output, the private folder, parallel runs. */
class PythonSandboxTest {

    @Test
    void assertsAndErrorsDecideTheOutcome() {
        PythonSandbox box = Sandboxes.shortLimit();
        assertEquals(SandboxResult.Status.PASSED, box.run("assert 1 + 1 == 2\n").status());
        SandboxResult wrong = box.run("def f():\n    return 1\nassert f() == 2, 'f is wrong'\n");
        assertEquals(SandboxResult.Status.FAILED, wrong.status());
        assertTrue(wrong.stderrTail(1).contains("AssertionError: f is wrong"), wrong.stderr());
        SandboxResult syntax = box.run("def f(:\n");
        assertEquals(SandboxResult.Status.FAILED, syntax.status());
        assertTrue(syntax.stderr().contains("SyntaxError"), syntax.stderr());
        assertEquals(SandboxResult.Status.FAILED, box.run("import sys\nsys.exit(3)\n").status());
        assertEquals(3, box.run("import sys\nsys.exit(3)\n").exitCode());
    }

    @Test
    void outputIsCapturedAndCapped() {
        PythonSandbox box = Sandboxes.shortLimit();
        SandboxResult r = box.run("import sys\nprint('héllo')\nprint('to err', file=sys.stderr)\n");
        assertEquals("héllo\n", r.stdout());
        assertEquals("to err\n", r.stderr());
        SandboxResult flood = box.run("for i in range(200000):\n    print('line', i)\n");
        assertTrue(flood.passed());
        assertTrue(flood.stdout().length() < box.limits().outputBytes() + 100, "kept " + flood.stdout().length());
        assertTrue(flood.stdout().endsWith("line 199999\n"), "the tail is kept");
        assertTrue(flood.stdout().startsWith("["), "dropped bytes are marked");
    }

    @Test
    void stdinIsClosed() {
        assertTrue(Sandboxes.shortLimit().run("import sys\nassert sys.stdin.read() == ''\n").passed());
    }

    @Test
    void programWritesInItsOwnFolderWhichIsDeletedAfterwards() throws Exception {
        SandboxResult r = Sandboxes.shortLimit().run("""
                import posix
                with open('scratch.txt', 'w') as f:
                    f.write('kept for the run')
                assert open('scratch.txt').read() == 'kept for the run'
                print(posix.getcwd())
                """);
        assertTrue(r.passed(), r.toString());
        Path folder = Path.of(r.stdout().strip());
        assertTrue(folder.toString().contains("dilate-sandbox-"), folder.toString());
        assertFalse(Files.exists(folder), "the run's folder is deleted: " + folder);
        assertFalse(Files.exists(folder.getParent()), "the run's folder is deleted: " + folder.getParent());
    }

    @Test
    void runsInParallel() throws Exception {
        PythonSandbox box = Sandboxes.shortLimit();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<SandboxResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                runs.add(pool.submit(() -> box.run("open('n.txt', 'w').write('" + n + "')\nassert open('n.txt').read() == '" + n + "'\nprint(" + n + ")\n")));
            }
            for (int i = 0; i < runs.size(); i++) {
                SandboxResult r = runs.get(i).get();
                assertTrue(r.passed(), r.toString());
                assertEquals(i + "\n", r.stdout(), "each run sees its own folder");
            }
        }
    }

    @Test
    void missingInterpreterIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PythonSandbox(SandboxLimits.defaults().withPython("/nonexistent/python3"), Isolation.PROCESS_GROUP));
        assertTrue(e.getMessage().contains("/nonexistent/python3"), e.getMessage());
    }
}
