package dev.dilate.model;

import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.KeyValueCache;
import dev.dilate.planner.Planners;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static dev.dilate.generate.CachePolicy.Storage.F16;
import static dev.dilate.generate.CachePolicy.Storage.F32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transformer's key/value cache: a call that recomputes only some positions while nothing
 * else changed gives exactly the whole forward's logits (the cached keys and values are what a
 * whole forward computes), every cache mode with a whole forward before each call decodes exactly
 * as none does, and misuse stops with a message.
 */
class KVCacheTest {
    @TempDir Path dir;

    private Transformer model(String arch, GGMLType type) {
        Path file = dir.resolve(arch + "-" + type + ".gguf");
        RandomModels.write(file, new RandomModels.Shape(arch, 64, 2, 4, arch.equals("dream") ? 2 : 4, 96, 300, arch.equals("dream")), type, 11);
        return LoadedModel.open(file).transformer();
    }

    /** A tiny LLaDA 2: block-causal attention over blocks of 32, a dense first layer, then the grouped sigmoid mixture. */
    private Transformer llada2() {
        Path file = dir.resolve("llada2.gguf");
        ModelConfig.Moe moe = new ModelConfig.Moe(8, 2, 32, ModelConfig.Moe.Router.SIGMOID, 4, 2, true, 2.5f, 32, 1);
        RandomModels.write(file, new RandomModels.Shape("llada2", 64, 2, 4, 2, 96, 300, false, moe), GGMLType.F32, 11);
        return LoadedModel.open(file).transformer();
    }

    private static void assertClose(float[][] want, float[][] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int r = 0; r < want.length; r++)
            for (int v = 0; v < want[r].length; v++)
                assertEquals(want[r][v], got[r][v], 1e-5f * (1 + Math.abs(want[r][v])), what + " row " + r + " token " + v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llada", "dream"})
    void aPartialCallOnAnUnchangedCanvasEqualsTheWholeForward(String arch) {
        Transformer t = model(arch, GGMLType.Q8_0);
        int[] canvas = new SplittableRandom(3).ints(70, 0, 300).toArray();
        int[] rows = {40, 41, 47, 55};
        float[][] whole = t.logits(canvas, rows);
        KeyValueCache cache = t.newCache(canvas.length, F32);
        assertClose(whole, t.logits(canvas, rows, null, cache), arch + " filling call");
        int[][] freshSets = {
                IntStream.range(40, 56).toArray(),          // dual: the block
                IntStream.range(40, 70).toArray(),          // prefix: the block and what follows
                {40, 41, 47, 55},                           // only the rows asked for
                IntStream.range(24, 56).toArray()};         // delayed: the block before and the block
        for (int[] fresh : freshSets) assertClose(whole, t.logits(canvas, rows, fresh, cache), arch + " fresh " + fresh.length);
    }

    @Test
    void aPartialCallReadsTheStaleKeysOfPositionsItDoesNotRecompute() {
        Transformer t = model("llada", GGMLType.F32);
        int[] a = new SplittableRandom(4).ints(48, 0, 300).toArray();
        int[] b = a.clone();
        b[2] = (b[2] + 1) % 300;                             // a change left of the block, not recomputed
        int[] rows = {30, 31}, block = IntStream.range(24, 40).toArray();
        KeyValueCache cache = t.newCache(a.length, F32);
        t.logits(a, rows, null, cache);
        float[][] stale = t.logits(b, rows, block, cache);
        assertClose(t.logits(a, rows), stale, "position 2 still enters with a's keys and values");
        assertFalse(t.logits(b, rows)[0][0] == stale[0][0], "the exact forward of b differs");
    }

    @Test
    void batchedCachedCallsEqualSeparateOnes() {
        Transformer t = model("dream", GGMLType.Q8_0);
        SplittableRandom rng = new SplittableRandom(9);
        int[][] canvases = {rng.ints(40, 0, 300).toArray(), rng.ints(25, 0, 300).toArray()};
        KeyValueCache[] caches = {t.newCache(40, F16), t.newCache(25, F16)}, alone = {t.newCache(40, F16), t.newCache(25, F16)};
        int[][] rows = {{33, 35}, {10}}, fresh = {IntStream.range(32, 40).toArray(), null};
        for (int i = 0; i < 2; i++) { t.logits(canvases[i], rows[i], null, caches[i]); t.logits(canvases[i], rows[i], null, alone[i]); }
        canvases[0][34] = 7;
        float[][][] batched = t.logits(canvases, rows, fresh, caches);
        for (int i = 0; i < 2; i++) assertClose(t.logits(canvases[i], rows[i], fresh[i], alone[i]), batched[i], "canvas " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prefix", "dual", "delayed"})
    void everyModeWithAWholeForwardBeforeEachCallDecodesAsNone(String mode) {
        Transformer t = model("llada", GGMLType.Q8_0);
        int[] prompt = {3, 14, 15, 92, 65, 35};
        GenerationConfig none = GenerationConfig.of(32, 8);
        for (String planner : new String[] {"dus", "confidence"}) {
            var exact = new Generator(t).generate(prompt, Planners.create(planner, 8), none);
            var cached = new Generator(t).generate(prompt, Planners.create(planner, 8), none.withCache(CachePolicy.parse(mode + ":refresh=1")));
            assertArrayEquals(exact.tokens(), cached.tokens(), mode + " " + planner);
            assertEquals(exact.trace().forwardedPositions(), cached.trace().forwardedPositions());
        }
    }

    /**
     * Under a block-causal mask a finished block's keys and values never change, so a call over the
     * current block alone, reading every earlier block from the cache, is exact even though the
     * blocks after it changed since the cache was filled (no position sees a later block).
     */
    @Test
    void aBlockCausalModelsCacheOfFinishedBlocksIsExact() {
        Transformer t = llada2();
        assertEquals(32, t.attentionBlock());
        int[] a = new SplittableRandom(5).ints(100, 0, 290).toArray();
        int[] b = a.clone();
        for (int p = 32; p < 100; p += 3) b[p] = 299 - b[p];     // the current block and every later one change
        int[] fresh = IntStream.range(32, 64).toArray(), rows = {32, 40, 63};
        KeyValueCache cache = t.newCache(a.length, F32);
        t.logits(a, rows, null, cache);
        assertClose(t.logits(b, rows), t.logits(b, rows, fresh, cache), "block 1 over block 0's cached keys");
    }

    /**
     * A block-causal model decodes in blocks counted from position 0 (the prompt's last partial
     * block first, the canvas padded to whole blocks), and with B a multiple of its mask's block,
     * delayed caching decodes token for token as none does: the exact block cache.
     */
    @Test
    void aBlockCausalModelDecodesAlignedBlocksAndItsDelayedCacheIsExact() {
        Transformer t = llada2();
        int[] prompt = new SplittableRandom(9).ints(40, 0, 290).toArray();
        GenerationConfig cfg = GenerationConfig.of(64, 32);
        for (String planner : new String[] {"dus", "confidence:steps=4"}) {
            var exact = new Generator(t).generate(prompt, Planners.create(planner, 32), cfg);
            var cached = new Generator(t).generate(prompt, Planners.create(planner, 32), cfg.withCache(CachePolicy.parse("delayed:kv=f32")));
            assertEquals(64, exact.tokens().length);
            assertArrayEquals(exact.tokens(), cached.tokens(), planner);
            assertEquals(128, exact.canvas().length, "padded to whole blocks of 32");
            assertEquals(0, exact.trace().steps().getFirst().block());
            assertTrue(java.util.Arrays.stream(exact.trace().steps().getFirst().positions()).allMatch(o -> o >= 0 && o < 24),
                    "the first block is the prompt's last, 24 masked positions");
            assertTrue(cached.trace().forwardedPositions() < exact.trace().forwardedPositions() / 2);
        }
    }

    /**
     * Prompt 6, G = 32, B = 8, DUS: 3 calls a block. prefix: each block a whole call (38) and two
     * over the block and what follows (32, 24, 16, 8 positions); dual: 38 + 2 x 8 a block;
     * delayed: 38 once, then 16 for the block before and the block, 8 for later calls.
     */
    @ParameterizedTest
    @CsvSource({"prefix, 312", "dual, 216", "delayed, 150"})
    void cachedDecodesRecomputeFewerPositions(String mode, long forwarded) {
        Transformer t = model("llada", GGMLType.Q8_0);
        int[] prompt = {3, 14, 15, 92, 65, 35};
        GenerationConfig cfg = GenerationConfig.of(32, 8);
        var exact = new Generator(t).generate(prompt, Planners.create("dus", 8), cfg);
        var cached = new Generator(t).generate(prompt, Planners.create("dus", 8), cfg.withCache(CachePolicy.parse(mode)));
        assertEquals(exact.nfe(), cached.nfe(), "a cache changes the cost of a call, not the number of calls");
        assertEquals(exact.nfe() * 38L, exact.trace().forwardedPositions());
        assertEquals(forwarded, cached.trace().forwardedPositions(), mode);
    }

    @Test
    void misuseStopsWithAMessage() {
        Transformer t = model("llada", GGMLType.F32);
        Transformer other = model("dream", GGMLType.F32);
        int[] canvas = new int[20];
        int[] block = IntStream.range(8, 16).toArray();
        KeyValueCache cache = t.newCache(20, F16);
        var neverFilled = assertThrows(IllegalStateException.class, () -> t.logits(canvas, new int[] {8}, block, cache));
        assertTrue(neverFilled.getMessage().contains("neither recomputed nor cached"), neverFilled.getMessage());
        t.logits(canvas, new int[] {8}, null, cache);
        var notFresh = assertThrows(IllegalArgumentException.class, () -> t.logits(canvas, new int[] {2}, block, cache));
        assertTrue(notFresh.getMessage().contains("not recomputed"), notFresh.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.logits(canvas, new int[] {8}, new int[] {9, 8}, cache));
        assertThrows(IllegalArgumentException.class, () -> t.logits(new int[21], new int[] {8}, null, cache));
        assertThrows(IllegalArgumentException.class, () -> other.logits(canvas, new int[] {8}, null, cache));
        assertThrows(IllegalArgumentException.class, () -> t.logits(new int[][] {canvas}, new int[][] {{8}}, new int[][] {block}, new KeyValueCache[1]));
    }

    @Test
    void theCacheHoldsEveryLayersKeysAndValuesInItsPrecision() {
        Transformer t = model("dream", GGMLType.F32);          // 2 layers, 2 KV heads of 16: kvDim 32
        assertEquals(2L * 2 * 32 * 4, t.cacheBytesPerPosition(F32));
        assertEquals(2L * 2 * 32 * 2, t.cacheBytesPerPosition(F16));
        assertEquals(50 * t.cacheBytesPerPosition(F16), t.newCache(50, F16).bytes());
    }

    /** fp16 storage rounds only the stale positions: a partial call on an unchanged canvas is close to exact, not equal. */
    @Test
    void anFp16CacheIsCloseToTheWholeForward() {
        Transformer t = model("llada", GGMLType.F32);
        int[] canvas = new SplittableRandom(6).ints(60, 0, 300).toArray();
        int[] rows = {40, 44};
        float[][] whole = t.logits(canvas, rows);
        KeyValueCache cache = t.newCache(canvas.length, F16);
        float[][] filling = t.logits(canvas, rows, null, cache);
        assertClose(whole, filling, "a whole call reads its own keys, unrounded");
        float[][] partial = t.logits(canvas, rows, IntStream.range(40, 48).toArray(), cache);
        double worst = 0;
        for (int r = 0; r < rows.length; r++)
            for (int v = 0; v < whole[r].length; v++) worst = Math.max(worst, Math.abs(whole[r][v] - partial[r][v]) / (1 + Math.abs(whole[r][v])));
        assertTrue(worst > 0 && worst < 5e-3, "fp16 rounding of the stale keys moves the logits by " + worst);
    }
}
