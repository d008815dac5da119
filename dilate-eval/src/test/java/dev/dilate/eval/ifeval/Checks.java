package dev.dilate.eval.ifeval;

import com.google.gson.JsonParser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: an instruction built from its id and JSON kwargs, as in the data file. */
final class Checks {
    private Checks() {}

    static Check of(String id, String kwargsJson) {
        return Instructions.check(id, new Kwargs(JsonParser.parseString(kwargsJson).getAsJsonObject()));
    }

    static void passes(String id, String kwargs, String response) {
        assertTrue(of(id, kwargs).follows(response), () -> id + " " + kwargs + " should pass on: " + response);
    }

    static void fails(String id, String kwargs, String response) {
        assertFalse(of(id, kwargs).follows(response), () -> id + " " + kwargs + " should fail on: " + response);
    }
}
