package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyJsonTest {

    @Test
    void acceptsWhatPythonJsonLoadsAccepts() {
        for (String ok : new String[] {"0", "-0.5", "1E+2", "\"a\\\"b\\\\c\\/\\u20AC\"", "true", "null", "NaN", "-Infinity",
                " \t\n[ ]\r\n", "{}", "{\"a\":{\"b\":[1,[2,[3]]]},\"a\":2}", "[1, \"x\", {\"k\": null}]", "\"\\ud800\""})
            assertTrue(PyJson.loads(ok), ok);
    }

    @Test
    void rejectsWhatPythonJsonLoadsRejects() {
        for (String bad : new String[] {"", " ", "01", "1.", ".5", "+1", "1e", "-", "[1,]", "{\"a\" 1}", "{a: 1}", "'x'",
                "\"unterminated", "\"tab\there\"", "\"\\x41\"", "\"\\u12G4\"", "[1] [2]", "nan", "infinity", "True",
                "// c\n1", "\uFEFF{}", "{\"a\":1,}"})
            assertFalse(PyJson.loads(bad), bad);
    }
}
