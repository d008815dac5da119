package dev.dilate.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples run as a user would run them, through the public API only. */
class ExamplesTest {
    private static synchronized String run(Runnable main) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void decodeWithDusWritesTextInLog2BCallsPerBlock() {
        String out = run(() -> DecodeWithDus.main(new String[0]));
        assertTrue(out.startsWith("The river"), out);
        assertTrue(out.contains("16 denoiser calls for 64 positions"), out);     // 4 blocks x log2(16)
    }

    @Test
    void exactOracleShowsDusBelowConfidence() {
        String out = run(() -> ExactOracle.main(new String[0]));
        double dus = gap(out, "dus"), confidence = gap(out, "confidence");
        assertTrue(dus < confidence, out);
    }

    private static double gap(String out, String planner) {
        for (String line : out.split("\n"))
            if (line.startsWith(planner + " ")) return Double.parseDouble(line.replaceAll(".*gap ([0-9.]+) bits.*", "$1"));
        throw new AssertionError("no line for " + planner + " in " + out);
    }
}
