package dev.dilate.model;

import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Task;
import dev.dilate.eval.run.RunConfig;
import dev.dilate.eval.run.Runner;
import dev.dilate.eval.run.Tasks;
import dev.dilate.format.GGUFFile;
import dev.dilate.format.GGUFWriter;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.planner.Planners;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import dev.dilate.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model dilate ships: what it is, that it survives a GGUF round trip, and that it solves held-out problems. */
class ShippedModelTest {
    @TempDir Path dir;

    @Test
    void isASmallLladaWithTheSyntheticTokenizer() {
        try (LoadedModel m = LoadedModel.open(ShippedModels.path())) {
            ModelConfig c = m.transformer().config();
            assertEquals("llada", c.architecture());
            assertTrue(m.transformer().vocabulary() instanceof Tokenizer t && t.eosId() >= 0);
            long params = (long) c.layers() * (4L * c.dim() * c.dim() + 3L * c.dim() * c.ffn());
            assertTrue(params > 1_000_000 && params < 20_000_000, "a few million parameters: " + params);
        }
    }

    /** Every key and tensor rewritten through GGUFWriter and read back gives the same logits and decodes. */
    @Test
    void decodesIdenticallyAfterAGgufRoundTrip() {
        Path copy = dir.resolve("copy.gguf");
        try (GGUFFile f = GGUFFile.open(ShippedModels.path())) {
            GGUFWriter w = new GGUFWriter();
            f.metadata().forEach((key, value) -> put(w, key, f.metadataType(key), value));
            for (GGUFFile.TensorInfo t : f.tensors().values())
                w.tensor(t.name(), t.type(), t.dims(), f.data(t.name()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            w.write(copy);
            try (GGUFFile g = GGUFFile.open(copy)) {
                assertEquals(f.metadata().keySet(), g.metadata().keySet());
                f.metadata().forEach((k, v) -> {
                    assertEquals(v, g.metadata().get(k), k);
                    assertEquals(f.metadataType(k), g.metadataType(k), k);
                });
                assertEquals(f.tensors().keySet(), g.tensors().keySet());
            }
        }
        try (Subject a = Subjects.open(ShippedModels.NAME); Subject b = Subjects.open(copy.toString())) {
            Task task = Tasks.create(ShippedModels.FAMILY, null, a);
            for (Problem p : task.problems().subList(0, 4)) {
                int[] prompt = a.encode(task.prompt(p, PromptStyle.BASE));
                assertArrayEquals(prompt, b.encode(task.prompt(p, PromptStyle.BASE)));
                for (String planner : List.of("dus", "tbt", "cb")) {
                    GenerationConfig cfg = GenerationConfig.of(32, 16);
                    Generation x = new Generator(a.denoiser()).generate(prompt, Planners.create(planner, 16), cfg);
                    Generation y = new Generator(b.denoiser()).generate(prompt, Planners.create(planner, 16), cfg);
                    assertArrayEquals(x.tokens(), y.tokens(), planner + " on " + p.id());
                }
                int[] canvas = java.util.Arrays.copyOf(prompt, prompt.length + 32);
                java.util.Arrays.fill(canvas, prompt.length, canvas.length, a.denoiser().maskId());
                int[] rows = java.util.stream.IntStream.range(0, canvas.length).toArray();
                float[][] la = a.denoiser().logits(canvas, rows), lb = b.denoiser().logits(canvas, rows);
                for (int r = 0; r < rows.length; r++) assertArrayEquals(la[r], lb[r], 0f, "row " + r);
            }
        }
    }

    /** What the README reports, checked on a sample: token-by-token decoding solves held-out sums. */
    @Test
    void solvesHeldOutProblemsTokenByToken() {
        try (Subject s = Subjects.open(ShippedModels.NAME)) {
            Task task = Tasks.create(ShippedModels.FAMILY, null, s);
            Generator generator = new Generator(s.denoiser());
            RunConfig cfg = new RunConfig(s.name(), task.name(), "tbt", 32, 32, PromptStyle.BASE, 0, 1, dev.dilate.generate.CachePolicy.NONE);
            int n = 24;
            double exact = 0;
            for (int i = 0; i < n; i++) exact += Runner.decode(s, task, cfg, generator, task.problems().get(i), i).metrics().get("exact");
            assertTrue(exact / n >= 0.75, "held-out exact match " + exact / n);
        }
    }

    /** The English model: a BPE tokenizer, and greedy DUS from test prompts writes words the judge knows, better than chance. */
    @Test
    void theTextModelContinuesProseInEnglishWords() {
        try (Subject s = Subjects.open(ShippedModels.TEXT)) {
            assertTrue(s.denoiser().vocabulary() instanceof Tokenizer t && t.size() >= 1000, "a trained BPE vocabulary");
            dev.dilate.eval.tasks.TextContinuation task = new dev.dilate.eval.tasks.TextContinuation(Path.of("data"));
            Generator generator = new Generator(s.denoiser());
            RunConfig cfg = new RunConfig(s.name(), task.name(), "dus", 16, 32, PromptStyle.BASE, 0, 1, dev.dilate.generate.CachePolicy.NONE);
            double known = 0, nll = 0, randomNll = 0;
            int n = 8;
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < n; i++) {
                Problem p = task.problems().get(i);
                var r = Runner.decode(s, task, cfg, generator, p, i);
                known += r.metrics().get("known");
                nll += r.metrics().get("nll");
                int[] ids = random.ints(24, 0, s.denoiser().vocabulary().size()).toArray();     // tokens at random, for scale
                randomNll += task.score(p, s.denoiser().vocabulary().decode(ids)).metric("nll");
            }
            assertTrue(known / n > 0.9, "share of known words " + known / n);
            assertTrue(nll / n < randomNll / n - 2, "judge nll " + nll / n + " against random tokens' " + randomNll / n);
        }
    }

    @Test
    void aPromptInWordsGoesToTheTextModel() {
        assertEquals(ShippedModels.TEXT, ShippedModels.forPrompt("The"));
        assertEquals(ShippedModels.TEXT, ShippedModels.forPrompt("Once upon a time"));
        assertEquals(ShippedModels.NAME, ShippedModels.forPrompt("a=3;b=5;c=a+b;c?"));
        assertEquals(ShippedModels.NAME, ShippedModels.forPrompt("r:83920417"));
        assertEquals(ShippedModels.NAME, ShippedModels.forPrompt(null));
    }

    private static void put(GGUFWriter w, String key, String type, Object v) {
        switch (v) {
            case String s -> w.putString(key, s);
            case Boolean b -> w.putBool(key, b);
            case Number x when type.equals("f32") -> w.putF32(key, x.doubleValue());
            case Number x when type.equals("u32") -> w.putU32(key, x.longValue());
            case Number x when type.equals("i32") -> w.putI32(key, x.longValue());
            case Number x when type.equals("u64") -> w.putU64(key, x.longValue());
            case List<?> list when !list.isEmpty() && list.getFirst() instanceof String -> w.putStrings(key, list.stream().map(String.class::cast).toList());
            case List<?> list when !list.isEmpty() && list.getFirst() instanceof Number n && !(n instanceof Long || n instanceof Integer) ->
                    w.putF32s(key, list.stream().map(Number.class::cast).toList());
            case List<?> list -> w.putI32s(key, list.stream().map(Number.class::cast).toList());
            default -> throw new AssertionError(key + ": unexpected metadata value " + v);
        }
    }
}
