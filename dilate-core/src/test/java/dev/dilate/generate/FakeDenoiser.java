package dev.dilate.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic toy denoiser over 5 tokens (mask id 5): position p prefers token p mod 5 with a
 * confidence that grows with p, so confidence planners have a clear order. Records every call.
 */
final class FakeDenoiser implements Denoiser {
    final List<int[]> calls = new ArrayList<>();
    final List<int[]> canvases = new ArrayList<>();
    private final boolean shifted;

    FakeDenoiser(boolean shifted) { this.shifted = shifted; }

    @Override public Vocabulary vocabulary() {
        return new Vocabulary() {
            public int size() { return 5; }
            public String piece(int id) { return "abcde".substring(id, id + 1); }
            public int eosId() { return 4; }
        };
    }
    @Override public int maskId() { return 5; }
    @Override public boolean shiftedLogits() { return shifted; }

    @Override
    public float[][] logits(int[] canvas, int[] rows) {
        calls.add(rows.clone());
        canvases.add(canvas.clone());
        float[][] out = new float[rows.length][5];
        for (int r = 0; r < rows.length; r++) {
            int target = shifted ? rows[r] + 1 : rows[r];
            out[r][target % 5] = 1 + 0.1f * target;
        }
        return out;
    }
}
