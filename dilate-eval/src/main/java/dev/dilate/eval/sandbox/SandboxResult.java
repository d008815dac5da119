package dev.dilate.eval.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * How a sandboxed program ended: PASSED when it ran to its end (the sandbox's guard reported it with
 * a token the program never saw; an exit status of 0 alone is not a pass), TIMED_OUT when it ran out
 * of wall or CPU time, FAILED otherwise. Output is what the program printed, capped (the tail is kept).
 */
public record SandboxResult(Status status, int exitCode, Duration wallTime, String stdout, String stderr) {

    public enum Status { PASSED, FAILED, TIMED_OUT }

    public boolean passed() { return status == Status.PASSED; }

    /** The last {@code n} non-blank lines of stderr: the end of a traceback says why a program failed. */
    public String stderrTail(int n) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    @Override
    public String toString() {
        String why = status == Status.FAILED ? ": " + stderrTail(3) : "";
        return status + " (exit " + exitCode + ", " + wallTime.toMillis() + " ms)" + why;
    }
}
