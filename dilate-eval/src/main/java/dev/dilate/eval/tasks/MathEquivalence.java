package dev.dilate.eval.tasks;

import java.util.Optional;

/**
 * The MATH {@code equiv} metric: OpenCompass v2's string equivalence, or else the same exact value
 * (the stand-in here for lm-eval's sympy check, which needs Python packages not available).
 */
final class MathEquivalence {
    private MathEquivalence() {}

    static boolean equivalent(String prediction, String reference) {
        if (reference == null) return false;
        if (OpenCompassMath.equivalent(prediction, reference)) return true;
        Optional<ExactAnswer> a = value(prediction), b = value(reference);
        return a.isPresent() && b.isPresent() && a.get().sameAs(b.get());
    }

    /** The value of the v2-stripped answer (units, $, \left, \dfrac, "x =" gone), else of the normalised one. */
    private static Optional<ExactAnswer> value(String answer) {
        Optional<ExactAnswer> stripped = Optional.empty();
        try {
            stripped = ExactAnswer.parse(OpenCompassMath.strip(answer));
        } catch (NumberFormatException e) {
            // "a/b" with a non-integer side: read the normalised form instead.
        }
        return stripped.isPresent() ? stripped : ExactAnswer.parse(FinalAnswers.openCompass(answer));
    }
}
