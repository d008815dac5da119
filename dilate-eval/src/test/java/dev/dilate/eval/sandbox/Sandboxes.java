package dev.dilate.eval.sandbox;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The sandboxes tests share: skipped, with the reason, where python3 or the sandbox cannot run. */
public final class Sandboxes {
    private static final Map<Duration, PythonSandbox> BY_TIME_LIMIT = new HashMap<>();
    private static String unavailable;

    private Sandboxes() {}

    /** Default limits but a 1 s time limit, so hostile programs end quickly. */
    public static PythonSandbox shortLimit() {
        return withTimeLimit(Duration.ofSeconds(1));
    }

    /** The default limits (3 s, as human-eval and lm-eval). */
    public static PythonSandbox standard() {
        return withTimeLimit(SandboxLimits.defaults().timeLimit());
    }

    public static synchronized PythonSandbox withTimeLimit(Duration limit) {
        if (unavailable == null && !BY_TIME_LIMIT.containsKey(limit)) {
            try {
                BY_TIME_LIMIT.put(limit, new PythonSandbox(SandboxLimits.defaults().withTimeLimit(limit), Isolation.detect()));
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: no Python sandbox here: " + unavailable);
        return BY_TIME_LIMIT.get(limit);
    }

    public static void assumeNamespaces(PythonSandbox sandbox) {
        Assumptions.assumeTrue(sandbox.isolation() == Isolation.NAMESPACES,
                "skipped: this check needs Isolation.NAMESPACES (root and util-linux unshare); here it is " + sandbox.isolation());
    }
}
