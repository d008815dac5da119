package dev.dilate.eval.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The equiv metric on hand-written pairs: prediction, reference, and whether they must match. */
class MathEquivalenceTest {

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // OpenCompass v2 string rules
            "\\dfrac{3}{4}          | \\frac{3}{4}            | true",
            "\\tfrac34              | \\frac{3}{4}            | true",
            "10\\text{ cm}          | 10                      | true",
            "\\$5                   | 5                       | true",
            "$5$                    | 5                       | true",
            "30^\\circ              | 30                      | true",
            "30^{\\circ}            | 30                      | true",
            "x = 3                  | 3                       | true",
            "\\sqrt2                | \\sqrt{2}               | true",
            "1,000                  | 1000                    | true",
            "(1, 2)                 | (1,2)                   | true",
            "\\left( 3, \\frac{\\pi}{2} \\right) | (3,\\frac{\\pi}{2}) | true",
            "[2, 5)                 | [2,5)                   | true",
            "50\\%                  | 50                      | true",
            "3/4                    | \\frac{3}{4}            | true",
            "\\text{Evelyn}         | Evelyn                  | true",
            "2.0                    | 2                       | true",
            // exact values
            "0.5                    | \\frac12                | true",
            "0.5                    | \\frac{1}{2}            | true",
            "-0.25                  | -\\frac{1}{4}           | true",
            "\\frac{-2}{3}          | -\\frac{2}{3}           | true",
            "\\frac{1}{\\sqrt{2}}    | \\frac{\\sqrt{2}}{2}     | true",
            "\\sqrt{12}             | 2\\sqrt{3}              | true",
            "\\sqrt{\\frac{1}{2}}    | \\frac{\\sqrt2}{2}       | true",
            "\\frac{1+\\sqrt{5}}{2}  | 0.5+\\frac{\\sqrt{5}}{2} | true",
            "\\sqrt{2}/2            | \\frac{\\sqrt{2}}{2}     | true",
            "(0.5, -1)              | (\\frac{1}{2}, -1)       | true",
            "(-\\infty, -0.5]       | (-\\infty,-\\frac{1}{2}] | true",
            "(-\\infty,1)\\cup(2,\\infty) | (-\\infty, 1) \\cup (2, \\infty) | true",
            "3, 1, 2                | 1,2,3                   | true",
            "6 \\times 7            | 42                      | true",
            // not equivalent
            "\\frac{1}{2}           | 0.50001                 | false",
            "(1,2)                  | (2,1)                   | false",
            "[2,5)                  | [2,5]                   | false",
            "(-\\infty, 1)          | (1, \\infty)            | false",
            "\\sqrt{2}              | \\sqrt{3}               | false",
            "2\\sqrt{3}             | \\sqrt{6}               | false",
            "5                      | -5                      | false",
            "3                      | 30                      | false",
            "\\frac{1}{2}           | 2                       | false",
            "x^2                    | x^3                     | false",
            "1,2,3                  | 1,2                     | false",
            "1,000                  | 1,0                     | false",
            "\\infty                | -\\infty                | false",
            "0.333                  | \\frac{1}{3}            | false",
            "2\\frac{1}{2}          | 1                       | false",  // a mixed number, not 2 × ½
            "\\pi                   | 3.14159                 | false",
            "10\\text{ cm}          | 100                     | false",
    })
    void equivalence(String prediction, String reference, boolean same) {
        assertEquals(same, MathEquivalence.equivalent(prediction, reference), prediction + " vs " + reference);
        assertEquals(same, MathEquivalence.equivalent(reference, prediction), reference + " vs " + prediction + " (swapped)");
    }

    @Test void exactValuesOfSimpleForms() {
        assertEquals(ExactAnswer.parse("\\frac{3}{6}"), ExactAnswer.parse("0.5"));
        assertTrue(ExactAnswer.parse("\\sqrt{8}-\\sqrt{2}").orElseThrow().sameAs(ExactAnswer.parse("\\sqrt{2}").orElseThrow()));
        assertTrue(ExactAnswer.parse("\\sqrt{-4}").isEmpty());
        assertTrue(ExactAnswer.parse("\\frac{1}{0}").isEmpty());
        assertTrue(ExactAnswer.parse("\\frac{1}{1+\\sqrt{2}}").isEmpty());  // division by a sum is not attempted
        assertTrue(ExactAnswer.parse("(5)").isEmpty());
        assertTrue(ExactAnswer.parse("x+1").isEmpty());
        String deep = "{".repeat(10_000) + "1" + "}".repeat(10_000);
        assertTrue(ExactAnswer.parse(deep).isEmpty());
        assertFalse(MathEquivalence.equivalent(deep, "2"));
    }
}
