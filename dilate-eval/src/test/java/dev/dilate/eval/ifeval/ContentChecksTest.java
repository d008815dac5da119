package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

class ContentChecksTest {

    @Test
    void placeholdersAreBracketsOnOneLine() {
        String id = "detectable_content:number_placeholders", k = "{\"num_placeholders\": 2}";
        passes(id, k, "Dear [name], see you at [address].");
        fails(id, k, "Dear [name], see you at [add\nress].");
        fails(id, k, "Dear name.");
    }

    @Test
    void postscriptMarkers() {
        String pps = "{\"postscript_marker\": \"P.P.S\"}", ps = "{\"postscript_marker\": \"P.S.\"}";
        passes("detectable_content:postscript", pps, "Letter body.\n\nP.P.S. Bring snacks.");
        passes("detectable_content:postscript", pps, "Letter body.\np. p. s: bring snacks");
        fails("detectable_content:postscript", pps, "Letter body.\nP.S. Bring snacks.");
        passes("detectable_content:postscript", ps, "Letter body.\n\nP.S. Bring snacks.");
        passes("detectable_content:postscript", ps, "Body. p.s. inline works too");
        fails("detectable_content:postscript", ps, "Letter body.\nPS Bring snacks.");
    }
}
