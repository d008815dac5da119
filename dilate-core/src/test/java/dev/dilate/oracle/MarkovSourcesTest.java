package dev.dilate.oracle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkovSourcesTest {
    @TempDir Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsAChainFile() throws IOException {
        Path p = write("c.json", "{\"order\":1,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[0.9,0.1],[0.2,0.8]]}");
        MarkovSource c = MarkovSources.fromJson(p);
        assertEquals(2, c.alphabetSize());
        assertEquals(2.0 / 3, c.initial(0), 1e-9, "stationary law of the two-state chain");
        assertEquals(Math.log(2.0 / 3 * 0.9 * 0.1), c.logProb(new int[] {0, 0, 1}), 1e-9);
    }

    @Test
    void malformedChainFilesGetErrorsNamingTheFileAndTheProblem() throws IOException {
        assertError(write("a.json", "{not json"), "not valid JSON");
        assertError(write("b.json", "[1,2]"), "expected a JSON object");
        assertError(write("c.json", "{\"alphabet\":[\"x\",\"y\"],\"transitions\":[[1,0],[0,1]]}"), "missing field \"order\"");
        assertError(write("d.json", "{\"order\":1,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[1,0]]}"), "expected V^k = 2");
        assertError(write("e.json", "{\"order\":1,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[0.5,0.4],[0,1]]}"), "sums to");
        assertError(write("f.json", "{\"order\":1,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[1.5,-0.5],[0,1]]}"), "negative");
        assertError(write("g.json", "{\"order\":1,\"alphabet\":[\"x\",\"x\"],\"transitions\":[[1,0],[0,1]]}"), "repeated");
        assertError(write("h.json", "{\"order\":1,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[\"a\",0],[0,1]]}"), "not a number");
        assertError(write("i.json", "{\"order\":0,\"alphabet\":[\"x\",\"y\"],\"transitions\":[[1,0]]}"), "order must be at least 1");
        assertError(dir.resolve("missing.json"), "cannot read");
    }

    private void assertError(Path p, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MarkovSources.fromJson(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
    }

    @Test
    void estimatesAChainFromText() throws IOException {
        MarkovSource c = MarkovSources.fromText(write("t.txt", "abababababab"), 1, 0.01);
        assertEquals(2, c.alphabetSize());
        int a = c.symbols().indexOf("a"), b = c.symbols().indexOf("b");
        assertTrue(c.transition(a, b) > 0.99);
        int[] s = c.sample(20, new SplittableRandom(1));
        int alternations = 0;
        for (int i = 1; i < s.length; i++) if (s[i] != s[i - 1]) alternations++;
        assertTrue(alternations >= 17);
        assertThrows(IllegalArgumentException.class, () -> MarkovSources.fromText("a", 1, 0.1, "tiny"));
        assertThrows(IllegalArgumentException.class, () -> MarkovSources.fromText("aaaa", 1, 0.1, "one symbol"));
    }

    @Test
    void randomChainsRejectBadRates() {
        assertThrows(IllegalArgumentException.class, () -> MarkovSources.random(1, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> MarkovSources.random(1, 4, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> MarkovSources.random(1, 1, 0.5, 1));
    }
}
