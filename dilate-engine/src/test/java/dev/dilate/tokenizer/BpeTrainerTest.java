package dev.dilate.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTrainerTest {
    @TempDir Path dir;

    private static final String TEXT = "the cat sat on the mat. the cat ate the rat; that hat is the cat's hat.\n".repeat(20);

    @Test
    void mergesTheMostFrequentPairFirstAndIsDeterministic() {
        BpeTrainer.Result r = BpeTrainer.train(TEXT, PreTokenizer.GPT2, 300);
        assertEquals(256 + r.merges().size(), r.tokens().size());
        assertTrue(r.merges().size() > 10 && r.tokens().size() <= 300, r.tokens().size() + " tokens");
        // " t" (space, t) and "at" are the commonest pairs: " the", " cat", " sat", " mat", "that", " hat".
        String first = r.merges().getFirst()[0] + r.merges().getFirst()[1];
        assertTrue(first.equals("at") || first.equals("Ġt"), first);
        BpeTrainer.Result again = BpeTrainer.train(TEXT, PreTokenizer.GPT2, 300);
        assertEquals(r.tokens(), again.tokens());
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train(TEXT, PreTokenizer.GPT2, 100));
    }

    @Test
    void theSavedFileLoadsAndRoundTrips() throws Exception {
        Path file = dir.resolve("tokenizer.json");
        BpeTrainer.Result r = BpeTrainer.train(TEXT, PreTokenizer.GPT2, 320);
        r.save(file, List.of("<|endoftext|>", "<|mdm_mask|>"));
        Tokenizer t = TokenizerJson.load(file);
        assertEquals(r.tokens().size() + 2, t.size());
        assertEquals(r.tokens().size(), t.id("<|endoftext|>"));
        assertEquals(r.tokens().size() + 1, t.id("<|mdm_mask|>"));
        for (String s : List.of("the cat sat", "A zebra: émigré 12345!", "tab\tand\nnewline", "")) {
            int[] ids = t.encode(s, false, false);
            assertEquals(s, t.decode(ids));
        }
        int[] cat = t.encode(" the cat", false, false);
        assertTrue(cat.length <= 2, "learned words are single tokens: " + java.util.Arrays.toString(cat));
        assertArrayEquals(new int[] {t.id("<|mdm_mask|>")}, t.encode("<|mdm_mask|>", false, true));
        assertTrue(Files.readString(file).contains("\"merges\""));
    }
}
