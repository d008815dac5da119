package dev.dilate.eval.tasks;

import dev.dilate.eval.Score;
import dev.dilate.eval.sandbox.PythonSandbox;

import java.util.Map;

/**
 * Scores a program (solution plus its tests) by running it in the sandbox: pass@1 is 1 when it
 * ran to its end, that is when every assert held and nothing exited first (the sandbox's pass
 * report, not the exit status), else 0. With one greedy sample per problem the
 * unbiased pass@k estimator reduces to this, and the task's mean is the benchmark's pass@1.
 */
final class CodeExecution {
    static final String PASS_AT_1 = "pass@1";

    /** Made on first use, so that tasks used only for prompts need no Python. */
    private static PythonSandbox defaultSandbox;

    private final PythonSandbox sandbox;

    /** Runs programs in {@code sandbox}, or in a shared default sandbox when it is null. */
    CodeExecution(PythonSandbox sandbox) {
        this.sandbox = sandbox;
    }

    Score score(String program) {
        return new Score(Map.of(PASS_AT_1, sandbox().run(program).passed() ? 1.0 : 0.0), program);
    }

    private PythonSandbox sandbox() {
        if (sandbox != null) return sandbox;
        synchronized (CodeExecution.class) {
            if (defaultSandbox == null) defaultSandbox = new PythonSandbox();
            return defaultSandbox;
        }
    }
}
