package dev.dilate.generate;

import dev.dilate.planner.Planners;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LLaDA 2.1's token editing through the generator: a denoiser that predicts token 0 for a mask
 * (probability 0.97) but, once 0 is written, token 1 there (0.9998), and 1 for a 1. So the
 * editing planner reveals the block as 0s in one call, rewrites them all to 1s in the next, and a
 * third call, which changes nothing, ends the block.
 */
class TokenEditingTest {
    private static final int MASK = 5;

    private static final Denoiser SECOND_THOUGHTS = new Denoiser() {
        @Override public Vocabulary vocabulary() {
            return new Vocabulary() {
                public int size() { return 5; }
                public String piece(int id) { return "abcde".substring(id, id + 1); }
                public int eosId() { return 4; }
            };
        }
        @Override public int maskId() { return MASK; }
        @Override public boolean shiftedLogits() { return false; }

        @Override public float[][] logits(int[] canvas, int[] rows) {
            float[][] out = new float[rows.length][5];
            for (int r = 0; r < rows.length; r++) {
                int now = canvas[rows[r]];
                if (now == MASK) out[r][0] = 5;
                else out[r][1] = 10;
            }
            return out;
        }
    };

    private static Generation decode(String planner) {
        return new Generator(SECOND_THOUGHTS).generate(new int[] {2}, Planners.create(planner, 4), GenerationConfig.of(4, 4));
    }

    @Test
    void revealedTokensAreRewrittenAndEveryCallCounts() {
        Generation g = decode("editing");
        assertArrayEquals(new int[] {1, 1, 1, 1}, g.tokens());
        assertEquals(3, g.nfe(), "one call reveals, one rewrites, one finds nothing to change");
        var steps = g.trace().steps();
        assertEquals(3, steps.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, steps.get(0).positions());
        assertArrayEquals(new int[] {0, 0, 0, 0}, steps.get(0).tokens());
        assertArrayEquals(new int[0], steps.get(0).edited());
        assertArrayEquals(new int[] {0, 1, 2, 3}, steps.get(1).edited());
        assertArrayEquals(new int[] {1, 1, 1, 1}, steps.get(1).editedTokens());
        assertArrayEquals(new int[0], steps.get(2).edited());
        assertEquals(0, g.trace().stepOf(2), "a rewrite keeps the step that revealed the position");
        assertEquals(1, g.trace().token(2), "the trace holds the final token");
    }

    @Test
    void editingOffOrCappedStopsEarlier() {
        Generation off = decode("editing:edit=1");
        assertArrayEquals(new int[] {0, 0, 0, 0}, off.tokens());
        assertEquals(1, off.nfe());
        Generation once = decode("editing:post=1");
        assertArrayEquals(new int[] {1, 1, 1, 1}, once.tokens());
        assertEquals(2, once.nfe(), "one call after the masks are gone");
    }

    @Test
    void otherPlannersNeverRewrite() {
        Generation g = decode("confidence:steps=2");
        assertArrayEquals(new int[] {0, 0, 0, 0}, g.tokens());
        assertEquals(2, g.nfe());
    }
}
