package dev.dilate.planner;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LevelsTest {

    static int[] sizes(List<int[]> levels) { return levels.stream().mapToInt(l -> l.length).toArray(); }

    @Test
    void levelSizesMatchTheOfficialCodeTable() {
        // planners.md §1.2, computed from the official construction.
        assertArrayEquals(new int[] {2, 2, 4}, sizes(Levels.dilated(8, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 4, 8}, sizes(Levels.dilated(16, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 4, 8, 16}, sizes(Levels.dilated(32, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 4, 8, 16, 32}, sizes(Levels.dilated(64, 2, 1)));
        assertArrayEquals(new int[] {5}, sizes(Levels.dilated(5, 2, 1)));
        assertArrayEquals(new int[] {2, 4, 4}, sizes(Levels.dilated(10, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 8}, sizes(Levels.dilated(12, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 4, 16}, sizes(Levels.dilated(24, 2, 1)));
        assertArrayEquals(new int[] {2, 2, 8, 8, 16, 64}, sizes(Levels.dilated(100, 2, 1)));
        assertArrayEquals(new int[] {4, 12, 48}, sizes(Levels.dilated(64, 4, 1)));
        assertArrayEquals(new int[] {4, 4, 8, 16}, sizes(Levels.dilated(32, 2, 2)));
        assertArrayEquals(new int[] {1, 2, 4, 8, 17}, sizes(Levels.binary(32)));
    }

    @Test
    void levelsOfTheExamples() {
        List<int[]> b8 = Levels.dilated(8, 2, 1);
        assertArrayEquals(new int[] {0, 4}, b8.get(0));
        assertArrayEquals(new int[] {2, 6}, b8.get(1));
        assertArrayEquals(new int[] {1, 3, 5, 7}, b8.get(2));
        assertArrayEquals(new int[] {0, 10, 20, 30}, Levels.dilated(32, 3, 1).get(0));
        assertEquals(3, Levels.dilated(32, 3, 1).size());
        assertEquals(19, Levels.dilated(32, 3, 1).get(2).length);
        assertArrayEquals(new int[] {1, 3, 5, 7, 9, 11, 13, 15}, Levels.dilated(16, 2, 1).get(3));
    }

    @Test
    void everyScheduleIsAPartitionOfTheBlock() {
        for (int b = 1; b <= 128; b++) {
            for (int a = 1; a <= 4; a++) for (int skip = 1; skip <= 3; skip++) assertPartition(Levels.dilated(b, a, skip), b);
            assertPartition(Levels.binary(b), b);
        }
    }

    @Test
    void powersOfTwoTakeCeilLog2Levels() {
        for (int b = 2; b <= 1024; b *= 2) assertEquals(Integer.numberOfTrailingZeros(b), Levels.dilated(b, 2, 1).size(), "B=" + b);
        assertEquals(1, Levels.dilated(1, 2, 1).size());
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> Levels.dilated(0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Levels.dilated(8, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Levels.dilated(8, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Levels.binary(0));
    }

    /** Every B in 1..128, a in {1,2,3,4}, skip in {1,2}, and binary, against an independent Python construction. */
    @Test
    void matchesTheIndependentPythonReference() throws Exception {
        JsonObject ref = pythonReference();
        JsonObject dilated = ref.getAsJsonObject("dilated");
        int checked = 0;
        for (int b = 1; b <= 128; b++) {
            for (int a = 1; a <= 4; a++)
                for (int skip = 1; skip <= 2; skip++) {
                    assertLevels(dilated.getAsJsonArray(b + "," + a + "," + skip), Levels.dilated(b, a, skip), "B=" + b + " a=" + a + " skip=" + skip);
                    checked++;
                }
            assertLevels(ref.getAsJsonObject("binary").getAsJsonArray(String.valueOf(b)), Levels.binary(b), "binary B=" + b);
        }
        assertEquals(128 * 8, checked);
    }

    static JsonObject pythonReference() throws IOException, InterruptedException {
        Path script = Path.of("reference/dus_levels.py");
        Process p;
        try {
            p = new ProcessBuilder(System.getProperty("dilate.python", "python3"), script.toString(), "128").redirectErrorStream(false).start();
        } catch (IOException e) {
            assumeTrue(false, "SKIPPED: python3 is not installed, so the independent level reference cannot run");
            throw e;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new AssertionError("python reference hung"); }
        assertEquals(0, p.exitValue(), "python reference failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return JsonParser.parseString(new String(out, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static void assertLevels(JsonArray expected, List<int[]> actual, String what) {
        List<String> e = new ArrayList<>(), a = new ArrayList<>();
        for (JsonElement level : expected) {
            int[] l = new int[level.getAsJsonArray().size()];
            for (int i = 0; i < l.length; i++) l[i] = level.getAsJsonArray().get(i).getAsInt();
            e.add(Arrays.toString(l));
        }
        for (int[] l : actual) a.add(Arrays.toString(l));
        assertEquals(e, a, what);
    }

    private static void assertPartition(List<int[]> levels, int b) {
        boolean[] seen = new boolean[b];
        for (int[] level : levels) {
            assertTrue(level.length > 0, "empty level for B=" + b);
            for (int k : level) {
                assertFalse(seen[k], "offset " + k + " twice for B=" + b);
                seen[k] = true;
            }
        }
        for (int k = 0; k < b; k++) assertTrue(seen[k], "offset " + k + " missing for B=" + b);
    }
}
