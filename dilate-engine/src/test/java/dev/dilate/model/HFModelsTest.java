package dev.dilate.model;

import dev.dilate.format.GGUFFile;
import dev.dilate.format.SafetensorsDtype;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading Hugging Face folders and converting them: the HF path (rotate-half RoPE on the original
 * weights) must give the logits of the converted GGUF (adjacent-pair RoPE on permuted Wq/Wk).
 */
class HFModelsTest {
    @TempDir Path dir;

    static final int[] CANVAS = {5, 17, 2, 77, 77, 77, 40, 77, 9, 33, 77, 1};

    static float[][] logits(Transformer t) {
        return t.logits(CANVAS, IntStream.range(0, CANVAS.length).toArray());
    }

    static float[][] hfLogits(Path folder) {
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            return logits(HFModels.load(m));
        }
    }

    static float[][] ggufLogits(Path folder, GGMLType type, Path out) {
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            HFConverter.convert(m, type, out);
        }
        try (GGUFFile f = GGUFFile.open(out)) {
            return logits(GGUFModels.load(f));
        }
    }

    /** max |a - b| / max |a| over all entries. */
    static double relativeError(float[][] a, float[][] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[i].length; j++) {
                num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
                den = Math.max(den, Math.abs(a[i][j]));
            }
        return num / den;
    }

    @ParameterizedTest(name = "{0} {1} in {2} shard(s)")
    @CsvSource({"true, F32, 1", "true, BF16, 1", "true, F32, 2", "false, F32, 1", "false, BF16, 2"})
    void hfLogitsEqualTheConvertedGgufs(boolean llada, SafetensorsDtype dtype, int shards) {
        HFFixtures.Shape s = llada ? HFFixtures.LLADA : HFFixtures.DREAM;
        Path folder = HFFixtures.write(dir.resolve("hf"), s, dtype, shards, 11);
        float[][] hf = hfLogits(folder);
        float[][] gguf = ggufLogits(folder, GGMLType.F32, dir.resolve("out.gguf"));
        double err = relativeError(hf, gguf);
        assertTrue(err < 1e-5, "relative error " + err);
        assertTrue(hf[0][0] != 0 && Float.isFinite(hf[3][7]));
    }

    @Test
    void lladaQkBiasesArePermutedWithTheirRows() {
        HFFixtures.Shape biased = new HFFixtures.Shape(true, 64, 2, 4, 2, 96, 80, false, true);
        Path folder = HFFixtures.write(dir.resolve("hf"), biased, SafetensorsDtype.F32, 1, 8);
        double err = relativeError(hfLogits(folder), ggufLogits(folder, GGMLType.F32, dir.resolve("b.gguf")));
        assertTrue(err < 1e-5, "relative error " + err);
    }

    @Test
    void permutationIsWhatMakesAdjacentPairsWork() {
        Path folder = HFFixtures.write(dir.resolve("hf"), HFFixtures.LLADA, SafetensorsDtype.F32, 1, 3);
        float[][] hf = hfLogits(folder);
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            Transformer wrongPairs = new Transformer(withRopeHalf(m.config().modelConfig(), false),
                    Weights.read(m.config().modelConfig(), HFModels.source(m)), new dev.dilate.tokenizer.Placeholders(HFFixtures.LLADA.vocab()));
            assertTrue(relativeError(hf, logits(wrongPairs)) > 1e-3, "adjacent pairs on unpermuted weights should differ");
        }
    }

    private static ModelConfig withRopeHalf(ModelConfig c, boolean half) {
        return new ModelConfig(c.architecture(), c.dim(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.ffn(), c.vocab(),
                c.eps(), c.ropeTheta(), half, c.maskId(), c.shiftLogits(), c.contextLength());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"true, F16, 0.002", "true, BF16, 0.02", "true, Q8_0, 0.03", "true, Q4_0, 0.5",
                "false, F16, 0.002", "false, BF16, 0.02", "false, Q8_0, 0.03", "false, Q4_0, 0.5"})
    void quantizedConversionsStayWithinTheirError(boolean llada, GGMLType type, double bound) {
        Path folder = HFFixtures.write(dir.resolve("hf"), llada ? HFFixtures.LLADA : HFFixtures.DREAM, SafetensorsDtype.F32, 1, 5);
        float[][] hf = hfLogits(folder);
        Path out = dir.resolve("q.gguf");
        double err = relativeError(hf, ggufLogits(folder, type, out));
        assertTrue(err < bound, type + ": relative error " + err + " >= " + bound);
        assertTrue(err > 0, "a lossy type should change something");
        try (GGUFFile f = GGUFFile.open(out)) {
            assertEquals(type, f.tensor("blk.0.attn_q.weight").type());
            assertEquals(type, f.tensor("token_embd.weight").type());
            assertEquals(GGMLType.F32, f.tensor("blk.1.ffn_norm.weight").type());
            assertEquals(GGMLType.F32, f.tensor("output_norm.weight").type());
            if (!llada) assertEquals(GGMLType.F32, f.tensor("blk.0.attn_k.bias").type());
        }
    }

    @Test
    void convertedFileCarriesLlamaCppMetadata() {
        Path folder = HFFixtures.write(dir.resolve("hf"), HFFixtures.LLADA, SafetensorsDtype.BF16, 1, 1);
        Path out = dir.resolve("llada.gguf");
        ggufLogits(folder, GGMLType.F16, out);
        try (GGUFFile f = GGUFFile.open(out)) {
            assertEquals("llada", f.string("general.architecture"));
            assertEquals(64, f.integer("llada.embedding_length"));
            assertEquals(2, f.integer("llada.block_count"));
            assertEquals(96, f.integer("llada.feed_forward_length"));
            assertEquals(4, f.integer("llada.attention.head_count"));
            assertEquals(2, f.integer("llada.attention.head_count_kv"));
            assertEquals(16, f.integer("llada.rope.dimension_count"));
            assertEquals(80, f.integer("llada.vocab_size"));
            assertEquals(4096, f.integer("llada.context_length"));
            assertEquals(500000, f.number("llada.rope.freq_base", 0));
            assertEquals(1e-5, f.number("llada.attention.layer_norm_rms_epsilon", 0), 1e-9);
            assertFalse(f.bool("llada.attention.causal", true));
            assertFalse(f.bool("diffusion.shift_logits", true));
            assertEquals(77, f.integer("tokenizer.ggml.mask_token_id"));
            assertEquals(1, f.integer("general.file_type"));
            assertTrue(f.hasTensor("output.weight"));
            ModelConfig c = GGUFModels.config(f);
            assertFalse(c.ropeHalf());
            assertFalse(c.shiftLogits());
        }
    }

    @Test
    void dreamIsShiftedAndTiedHeadsFallBackToTheEmbedding() {
        HFFixtures.Shape tied = new HFFixtures.Shape(false, 64, 1, 4, 4, 64, 80, true, true);
        Path folder = HFFixtures.write(dir.resolve("hf"), tied, SafetensorsDtype.F32, 1, 2);
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            Transformer t = HFModels.load(m);
            assertTrue(t.shiftedLogits());
            assertTrue(t.config().ropeHalf());
            assertEquals(77, t.maskId());
            assertTrue(t.weights().output() == t.weights().embedding());
        }
        Path out = dir.resolve("dream.gguf");
        assertTrue(relativeError(hfLogits(folder), ggufLogits(folder, GGMLType.F32, out)) < 1e-5);
        try (GGUFFile f = GGUFFile.open(out)) {
            assertFalse(f.hasTensor("output.weight"));
            assertFalse(f.has("diffusion.shift_logits"));
            assertTrue(GGUFModels.config(f).shiftLogits());
        }
    }

    @Test
    void pairPermutationMatchesLlamaCpp() {
        // numpy: w.reshape(heads, 2, d/2, ...).swapaxes(1, 2).reshape(w.shape) for d = 8, 2 heads
        int[] expected = {0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15};
        for (int r = 0; r < 16; r++) assertEquals(expected[r], PairPermutation.sourceRow(r, 8));
    }
}
