package dev.dilate.eval.tasks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Boxed extraction and the two normalisers, on cases whose expected values were printed by the
 * Python reference code (lm-eval minerva_math/utils.py, opencompass/datasets/math.py).
 */
class MathAnswersTest {

    @Test void boxedAnswers() {
        assertEquals("\\frac{1}{2}", Boxed.lmEval("so $x = \\boxed{1}$ or $\\boxed{\\frac{1}{2}}$."));
        assertEquals("5", Boxed.lmEval("\\boxed 5$ yes"));
        assertThrows(IllegalArgumentException.class, () -> Boxed.lmEval("\\fbox{5}"));
        assertThrows(IllegalArgumentException.class, () -> Boxed.lmEval("no box"));
        assertEquals("{5}", Boxed.openCompass("\\boxed{{5}}", false));
        assertEquals("5", Boxed.openCompass("\\boxed{{5}}", true));
        assertNull(Boxed.openCompass("\\boxed{5", true));
        assertNull(Boxed.openCompass("\\fbox{5}", true));
    }

    @Test void minervaSentence() {
        assertEquals("$0.5$", FinalAnswers.minervaSentence("Final Answer: The final answer is $0.5$. I hope it is correct."));
        assertEquals("$7$", FinalAnswers.minervaSentence("Final Answer: The final answer is $7$. "));  // the appended sentence completes it
        assertEquals(FinalAnswers.INVALID, FinalAnswers.minervaSentence("Final Answer: The final answer is $7$."));
    }

    @Test void minervaNormalisation() {
        assertEquals("\\frac{1}{2}", FinalAnswers.minerva("x = \\frac12"));
        assertEquals("1000", FinalAnswers.minerva("1,000"));
        assertEquals("10", FinalAnswers.minerva("$10$ \\text{ cm}"));
        assertEquals("\\sqrt{2}", FinalAnswers.minerva("\\sqrt2"));
        assertEquals("(3,\\frac{\\pi}{2})", FinalAnswers.minerva("$(3,\\frac{\\pi}{2})$"));
        assertEquals("30", FinalAnswers.minerva("30^\\circ"));
        assertEquals("\\le(3,\\frac{\\pi}{2}\\right)", FinalAnswers.minerva("\\left( 3, \\frac{\\pi}{2} \\right)"));  // "ft" is a removed unit
    }

    @Test void openCompassNormalisation() {
        assertEquals("3.5", FinalAnswers.openCompass("The final answer is 3.5"));
        assertEquals("a<b", FinalAnswers.openCompass("a\\le b"));
        assertEquals("56", FinalAnswers.openCompass("5 \\text{ and } 6"));  // "5,6" is all digits once commas go
        assertEquals("q=\\frac{1}{2}", FinalAnswers.openCompass("q=\\frac{1}{2}"));
    }

    @Test void openCompassStripV2() {
        assertEquals("\\frac{1}{2}", OpenCompassMath.strip("1/2"));
        assertEquals("03/4", OpenCompassMath.strip("03/4"));
        assertEquals("5", OpenCompassMath.strip("k = 5"));
        assertEquals("3", OpenCompassMath.strip("3.000"));
        assertEquals("0.5", OpenCompassMath.strip(".5"));
        assertEquals("i+1", OpenCompassMath.strip("j+1"));
        assertEquals("\\infty", OpenCompassMath.strip("inf"));
        assertEquals("\\frac{a}{b}", OpenCompassMath.strip("\\fracab"));
        assertEquals("(-\\infty,3]", OpenCompassMath.strip("(-\\infty, 3]"));
        assertEquals("{(A)}", OpenCompassMath.strip("\\text{(A)}"));
        // Python's int() raises on "\pi", so OpenCompass falls back to the unstripped comparison.
        assertThrows(NumberFormatException.class, () -> OpenCompassMath.strip("\\pi/2"));
    }
}
