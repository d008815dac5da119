package dev.dilate.train;

import dev.dilate.cli.Main;
import dev.dilate.synthetic.Families;
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
    void aFamilyNamedTwiceIsDrawnTwiceAsOften() {
        Tokenizer tok = Tokenizer.characters(Families.ALPHABET, "<|endoftext|>", "<|mdm_mask|>");
        var data = new SyntheticData(List.of(Families.named("add"), Families.named("reverse"), Families.named("reverse")), tok, 32);
        SplittableRandom rng = new SplittableRandom(3);
        int n = 3000, reversals = 0;
        for (int i = 0; i < n; i++) if (tok.decode(data.next(rng).prompt()).startsWith("r:")) reversals++;
        assertEquals(2.0 / 3, (double) reversals / n, 0.04, "reverse is two of the three entries");   // about 5 standard errors
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

    /** The text path end to end: a tokenizer trained by dilate, a model trained on text windows with it, and a decode. */
    @Test
    void trainsOnTextWithItsOwnTokenizer() throws Exception {
        Path text = dir.resolve("text.txt"), tokenizer = dir.resolve("tok").resolve("tokenizer.json"), model = dir.resolve("text.gguf");
        Files.writeString(text, ("The cat sat on the mat. The dog sat on the log.\nA bird sang in the tree.\n\n"
                + "It was a cold day in the town, and the people stayed in.\n\n").repeat(30));
        assertEquals(0, Main.run("tokenizer", "train", "--in", text.toString(), "--vocab", "300", "--out", tokenizer.toString()));
        Tokenizer tok = dev.dilate.tokenizer.TokenizerJson.load(tokenizer);
        TextData windows = new TextData(Files.readString(text), tok, 16);
        SplittableRandom rng = new SplittableRandom(1);
        TrainingData.Example e = windows.next(rng);
        assertEquals(0, e.prompt().length);
        assertEquals(16, e.answer().length);
        assertTrue(tok.decode(windows.next(new SplittableRandom(1)).answer()).equals(tok.decode(e.answer())), "windows come from the seed alone");
        java.io.PrintStream err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("train", "--text", text.toString(), "--tokenizer", tokenizer.toString(), "--valid", text.toString(),
                    "--canvas", "16", "--dim", "32", "--layers", "1", "--heads", "2", "--ffn", "48", "--batch", "4", "--steps", "6",
                    "--checkpoint-every", "3", "--checkpoints", dir.resolve("ckt").toString(), "--out", model.toString()));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        var heldOut = java.util.regex.Pattern.compile("step (\\d+)  held-out loss ([0-9.]+) nats/token").matcher(log);
        List<Double> losses = new java.util.ArrayList<>();
        while (heldOut.find()) losses.add(Double.parseDouble(heldOut.group(2)));
        assertEquals(2, losses.size(), log);
        assertTrue(losses.stream().allMatch(l -> l > 0 && l < 3 * Math.log(tok.size())), log);
        try (GGUFFile f = GGUFFile.open(model)) {
            var m = GGUFModels.load(f);
            assertEquals(tok.size(), m.config().vocab());
            assertEquals(tok.specials().mask(), m.config().maskId());
        }
        assertEquals(0, Main.run("generate", "-m", model.toString(), "--prompt", "The", "--gen", "16", "--block", "8"));
        assertEquals(2, Main.run("train", "--text", text.toString(), "--steps", "1", "--out", dir.resolve("x.gguf").toString()));
    }

    @Test
    void initStartsANewRunFromAModelsWeights() {
        Path first = dir.resolve("first.gguf"), second = dir.resolve("second.gguf");
        assertEquals(0, Main.run("train", "--dim", "32", "--layers", "1", "--heads", "2", "--ffn", "48", "--batch", "4", "--steps", "5",
                "--families", "add", "--checkpoints", dir.resolve("ck1").toString(), "--out", first.toString()));
        // A learning rate of 1e-30 leaves every float as it is: the new run's model is the first one's, weights and shape.
        assertEquals(0, Main.run("train", "--init", first.toString(), "--lr", "1e-30", "--min-lr", "1e-30", "--batch", "4", "--steps", "3",
                "--families", "reverse", "--checkpoints", dir.resolve("ck2").toString(), "--out", second.toString()));
        Checkpoint a = Checkpoint.load(dir.resolve("ck1").resolve(Trainer.CHECKPOINT)), b = Checkpoint.load(dir.resolve("ck2").resolve(Trainer.CHECKPOINT));
        assertEquals(3, b.step(), "the new run counts its own steps");
        assertEquals(a.config(), b.config());
        for (int i = 0; i < a.parameters().tensors().size(); i++)
            assertTrue(java.util.Arrays.equals(a.parameters().tensors().get(i).data(), b.parameters().tensors().get(i).data()),
                    a.parameters().tensors().get(i).name());
        Checkpoint fresh = new Trainer(Checkpoint.weights(first), new SyntheticData(List.of(Families.named("reverse")),
                Tokenizer.characters(Families.ALPHABET, "<|endoftext|>", "<|mdm_mask|>"), 32),
                TrainOptions.defaults(3, 4, 0, 1)).checkpoint();
        assertEquals(0, fresh.step());
        for (Parameters.Tensor t : fresh.firstMoment().tensors()) for (float x : t.data()) assertEquals(0f, x, "AdamW starts afresh");
        // The first stage's checkpoint folder is not resumed by a run that starts elsewhere, nor the wrong way round.
        assertEquals(2, Main.run("train", "--init", first.toString(), "--steps", "6", "--batch", "4", "--families", "reverse",
                "--checkpoints", dir.resolve("ck1").toString(), "--out", dir.resolve("x.gguf").toString()));
        assertEquals(2, Main.run("train", "--dim", "32", "--layers", "1", "--heads", "2", "--ffn", "48", "--batch", "4", "--steps", "6",
                "--families", "add", "--checkpoints", dir.resolve("ck2").toString(), "--out", dir.resolve("x.gguf").toString()));
        assertEquals(2, Main.run("train", "--init", first.toString(), "--dim", "64", "--steps", "1", "--out", dir.resolve("x.gguf").toString()));
        assertEquals(2, Main.run("train", "--init", dir.resolve("missing.gguf").toString(), "--steps", "1", "--out", dir.resolve("x.gguf").toString()));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
