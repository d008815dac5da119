package dev.dilate.generate;

import dev.dilate.planner.Planners;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {
    static final int[] PROMPT = {0, 1, 2};

    static Generation decode(FakeDenoiser d, String planner, GenerationConfig cfg) {
        return new Generator(d).generate(PROMPT, planner, cfg);      // the planner made for the config's B
    }

    @Test
    void dusCostsLevelsPerBlockAndRunsTheHeadOnlyOnItsLevel() {
        FakeDenoiser d = new FakeDenoiser(false);
        Generation g = decode(d, "dus", GenerationConfig.of(64, 16));
        assertEquals(16, g.nfe(), "4 blocks x 4 levels");
        assertEquals(d.calls.size(), g.nfe(), "one denoiser call per NFE");
        assertArrayEquals(new int[] {3, 11}, d.calls.get(0), "first call: offsets 0 and 8 of block 0, after a 3-token prompt");
        assertEquals(4.0, g.speedup());
        assertEquals(64, g.tokens().length);
        for (int i = 0; i < 64; i++) assertEquals((i + 3) % 5, g.tokens()[i], "argmax of the toy model");
    }

    @Test
    void laterBlocksStayMaskedButVisible() {
        FakeDenoiser d = new FakeDenoiser(false);
        decode(d, "dus", GenerationConfig.of(32, 16));
        int[] firstCanvas = d.canvases.get(0);
        assertEquals(35, firstCanvas.length);
        for (int i = 3; i < 35; i++) assertEquals(5, firstCanvas[i]);
    }

    @Test
    void nfeOfEveryPlannerIsCountedExactly() {
        for (Planners.Kind k : Planners.all()) {
            FakeDenoiser d = new FakeDenoiser(false);
            Generation g = decode(d, k.name(), GenerationConfig.of(32, 8));
            assertEquals(d.calls.size(), g.nfe(), k.name());
            assertEquals(g.trace().steps().size(), g.nfe(), k.name());
            assertEquals(32, g.decodedPositions(), k.name() + " decodes every position");
        }
        assertEquals(32, decode(new FakeDenoiser(false), "tbt", GenerationConfig.of(32, 8)).nfe());
        assertEquals(12, decode(new FakeDenoiser(false), "confidence", GenerationConfig.of(32, 8)).nfe(), "matched to DUS: 3 per block of 8");
    }

    @Test
    void guidanceCostsASecondCallPerStepWithThePromptMasked() {
        FakeDenoiser d = new FakeDenoiser(false);
        Generation g = decode(d, "dus", GenerationConfig.of(16, 16).withCfg(1.5));
        assertEquals(8, g.nfe());
        assertEquals(8, d.calls.size());
        int[] uncond = d.canvases.get(1);
        assertArrayEquals(new int[] {5, 5, 5}, Arrays.copyOf(uncond, 3), "unconditional branch masks the prompt");
        assertEquals(2, g.trace().steps().get(0).nfe());
    }

    @Test
    void shiftedDenoisersAreReadOneRowEarlier() {
        FakeDenoiser d = new FakeDenoiser(true);
        Generation g = decode(d, "dus", GenerationConfig.of(16, 16));
        assertArrayEquals(new int[] {2, 10}, d.calls.get(0), "positions 3 and 11 are read from rows 2 and 10");
        for (int i = 0; i < 16; i++) assertEquals((i + 3) % 5, g.tokens()[i]);
    }

    @Test
    void sameSeedSameOutputAndDifferentSeedsDiffer() {
        GenerationConfig cfg = GenerationConfig.of(64, 16).withSampling(new Sampling(1.0, 0.9, 4, 7));
        Generation a = decode(new FakeDenoiser(false), "random", cfg), b = decode(new FakeDenoiser(false), "random", cfg);
        assertArrayEquals(a.tokens(), b.tokens());
        assertEquals(a.trace().steps().stream().map(s -> Arrays.toString(s.positions())).toList(),
                b.trace().steps().stream().map(s -> Arrays.toString(s.positions())).toList());
        Generation c = decode(new FakeDenoiser(false), "random", cfg.withSampling(new Sampling(1.0, 0.9, 4, 8)));
        assertNotEquals(Arrays.toString(a.tokens()), Arrays.toString(c.tokens()));
    }

    @Test
    void topKOneIsGreedy() {
        Generation g = decode(new FakeDenoiser(false), "dus", GenerationConfig.of(16, 16).withSampling(new Sampling(2.0, 1, 1, 3)));
        for (int i = 0; i < 16; i++) assertEquals((i + 3) % 5, g.tokens()[i]);
    }

    @Test
    void aStopTokenEndsDecodingAfterItsBlock() {
        // token 4 ('e') first appears at generated offset 1 (position 4).
        GenerationConfig cfg = GenerationConfig.of(64, 16).withStops(Set.of(4), List.of());
        Generation g = decode(new FakeDenoiser(false), "dus", cfg);
        assertTrue(g.stopped());
        assertEquals(4, g.nfe(), "only the first block was decoded");
        assertArrayEquals(new int[] {3}, g.tokens(), "cut before the stop token");
        assertEquals("d", g.text());
    }

    @Test
    void stopStringsCutTheText() {
        GenerationConfig cfg = GenerationConfig.of(32, 16).withStops(Set.of(), List.of("ab"));
        Generation g = decode(new FakeDenoiser(false), "dus", cfg);
        assertTrue(g.stopped());
        assertEquals("de", g.text());
    }

    @Test
    void suppressedTokensAreNeverProducedAndNoConfidenceTokensRankLast() {
        GenerationConfig cfg = GenerationConfig.of(16, 16).withTokenRules(Set.of(4), Set.of());
        Generation g = decode(new FakeDenoiser(false), "dus", cfg);
        for (int t : g.tokens()) assertNotEquals(4, t);
        // With a 4-token prompt the most confident position (the block's last, position 19) predicts EOS (4).
        int[] prompt = {0, 1, 2, 3};
        Generation plain = new Generator(new FakeDenoiser(false)).generate(prompt, Planners.create("tbt", 16), GenerationConfig.of(16, 16));
        assertEquals(15, plain.trace().steps().get(0).positions()[0]);
        GenerationConfig low = GenerationConfig.of(16, 16).withTokenRules(Set.of(), Set.of(4));
        Generation g2 = new Generator(new FakeDenoiser(false)).generate(prompt, Planners.create("tbt", 16), low);
        assertEquals(14, g2.trace().steps().get(0).positions()[0], "EOS predictions rank last");
    }

    @Test
    void traceRecordsEveryReveal() {
        Generation g = decode(new FakeDenoiser(false), "dus", GenerationConfig.of(16, 16));
        Trace t = g.trace();
        assertEquals(0, t.stepOf(0));
        assertEquals(0, t.stepOf(8));
        assertEquals(3, t.stepOf(15));
        assertTrue(t.probability(0) > 0 && t.probability(0) <= 1);
        assertTrue(t.entropyBits(0) >= 0);
        assertEquals(List.of(2, 2, 4, 8), t.steps().stream().map(s -> s.positions().length).toList());
        assertFalse(g.stopped());
    }

    @Test
    void badConfigurationsAreRejectedWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerationConfig.of(60, 16));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.of(16, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 0, 0));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> new Generator(new FakeDenoiser(false)).generate(new int[] {9}, Planners.create("dus", 16), GenerationConfig.of(16, 16)));
        assertTrue(p.getMessage().contains("outside the vocabulary"), p.getMessage());
    }
}
