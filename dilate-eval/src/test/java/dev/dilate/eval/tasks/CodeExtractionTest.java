package dev.dilate.eval.tasks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CodeExtractionTest {

    @Test
    void humanEvalTakesTheFirstFencedBlockLeftStripped() {
        assertEquals("x = 1\n", CodeExtraction.humanEvalCode("text\n```python\n\n  x = 1\n```\n```\ny = 2\n```"));
        assertEquals("    return 1\n", CodeExtraction.humanEvalCode("    return 1\n"), "no block: the answer as it is");
        assertEquals("```python\nunclosed", CodeExtraction.humanEvalCode("```python\nunclosed"));
    }

    @Test
    void mbppFollowsOpenCompassPatternOrder() {
        assertEquals("def f():\r\n  return 1", CodeExtraction.mbppCode("[BEGIN]\n 'def f():\r\n  return 1' \n[DONE] \n\n "));
        assertEquals("def f(): return 1", CodeExtraction.mbppCode(" 'def f(): return 1' \n[DONE]"), "the assistant prefix held [BEGIN]");
        assertEquals("def f(): return 1", CodeExtraction.mbppCode("Here:\n```python\ndef f(): return 1\n```\nok"));
        assertEquals("def f(): return 1", CodeExtraction.mbppCode("```\ndef f(): return 1"));
        assertEquals("explanation", CodeExtraction.mbppCode("def f(): return 1\n```\nexplanation"),
                "OpenCompass tries '```\\s*(.*)\\s*$' before '(.*)\\s*```.*', so the text after a lone fence wins");
        assertEquals("def my_f(): pass", CodeExtraction.mbppCode("def my\\_f(): pass"));
        assertEquals("x = 1", CodeExtraction.mbppCode("x = 1\n DONE and more"), "cut at a bare DONE, as OpenCompass");
        assertEquals("y = 2", CodeExtraction.mbppCode("\u2003y = 2\u00a0\n"), "Python's strip removes Unicode spaces");
    }
}
