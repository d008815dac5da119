package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyTextTest {

    @Test
    void stripAndSplitUsePythonsSpaces() {
        assertEquals("a b", PyText.strip("\u00A0\u2007 a b\u202F\u0085\n"));   // Java's strip keeps these
        assertEquals("\u200Bx", PyText.strip("\u200Bx "));                       // zero-width space is not a space
        assertEquals(List.of("a", "b", "c"), PyText.split(" a\u00A0b\u3000 c\t"));
        assertEquals("Done", PyText.strip("\"\"Done\"", "\""));
    }

    @Test
    void isUpperAndIsLowerNeedACasedCharacter() {
        assertTrue(PyText.isUpper("HELLO, WORLD! 123"));
        assertFalse(PyText.isUpper("HELLO, World"));
        assertFalse(PyText.isUpper("123 !?"));
        assertFalse(PyText.isUpper("ǅ"));                                        // titlecase letter
        assertTrue(PyText.isLower("hello, world ß 123"));
        assertFalse(PyText.isLower("hello I"));
        assertFalse(PyText.isLower("…"));
        assertTrue(PyText.isUpper("ÀÉÎ Ⓐ"));                                     // Other_Uppercase counts
    }
}
