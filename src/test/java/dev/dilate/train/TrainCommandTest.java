package dev.dilate.train;

import dev.dilate.cli.Main;
import dev.dilate.eval.synthetic.Families;
import dev.dilate.format.GGUFFile;
import dev.dilate.model.GGUFModels;
import dev.dilate.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train on the synthetic families through the CLI, resume it, and evaluate what it wrote. */
class TrainCommandTest {
    @TempDir Path dir;

    @Test
    void answersArePaddedWithEosToTheCanvas() {
        Tokenizer tok = Tokenizer.characters(Families.ALPHABET, "<|endoftext|>", "<|mdm_mask|>");
        SyntheticData data = new SyntheticData(List.of(Families.named("add")), tok, 24);
        TrainingData.Example e = data.next(new SplittableRandom(1));
        assertEquals(24, e.answer().length);
        assertEquals(tok.eosId(), e.answer()[17]);
        assertEquals(tok.eosId(), e.answer()[23]);
        String prompt = tok.decode(e.prompt()), answer = tok.decode(e.answer()).replace("<|endoftext|>", "");
        String[] ab = prompt.substring(0, prompt.length() - 1).split("\\+");
        assertEquals(Long.parseLong(ab[0]) + Long.parseLong(ab[1]), Long.parseLong(answer));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticData(List.of(Families.named("sort")), tok, 24));
    }

    @Test
    void trainsResumesAndEvaluates() throws Exception {
        Path model = dir.resolve("m.gguf"), ck = dir.resolve("ck");
        String[] small = {"--dim", "32", "--layers", "1", "--heads", "2", "--ffn", "48", "--batch", "4", "--families", "add,reverse",
                "--checkpoints", ck.toString(), "--checkpoint-every", "5", "--log-every", "5", "--out", model.toString()};
        assertEquals(0, Main.run(concat(new String[] {"train", "--steps", "10"}, small)));
        assertTrue(Files.exists(ck.resolve(Trainer.CHECKPOINT)));
        assertTrue(Files.exists(ck.resolve(dev.dilate.cli.TrainCommand.LATEST)), "each checkpoint is exported as a model any command loads");
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(concat(new String[] {"train", "--steps", "15"}, small)));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("from step 10 to 15"), captured.toString());
        assertEquals(15, Checkpoint.load(ck.resolve(Trainer.CHECKPOINT)).step());
        try (GGUFFile f = GGUFFile.open(model)) {
            var m = GGUFModels.load(f);
            assertEquals(Families.ALPHABET.length() + 2, m.config().vocab());
            assertTrue(m.vocabulary() instanceof Tokenizer);
        }
        assertEquals(0, Main.run("eval", "--task", "reverse", "-m", model.toString(), "--planner", "tbt", "--block", "32",
                "--gen", "32", "--style", "base", "--limit", "2", "--out", dir.resolve("r.jsonl").toString()));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
