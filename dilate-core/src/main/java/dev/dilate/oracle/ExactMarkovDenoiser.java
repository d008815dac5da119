package dev.dilate.oracle;

import dev.dilate.generate.Denoiser;
import dev.dilate.generate.Vocabulary;

/**
 * The Bayes-optimal denoiser of a Markov source: for each asked position the exact conditional
 * p(x_i | revealed symbols), by forward-backward. Token ids are the chain's symbols 0..V-1; the
 * mask is id V. As a {@link Denoiser} it drives every planner like a real model would.
 */
public final class ExactMarkovDenoiser implements Denoiser {
    private final MarkovSource chain;
    private final Vocabulary vocabulary;

    /** The exact denoiser of {@code chain}; its vocabulary is the chain's symbols and shows any other id, the mask's too, as {@code [M]}. */
    public ExactMarkovDenoiser(MarkovSource chain) {
        this.chain = chain;
        this.vocabulary = new Vocabulary() {
            public int size() { return chain.alphabetSize(); }
            public String piece(int id) { return id >= 0 && id < chain.alphabetSize() ? chain.symbols().get(id) : "[M]"; }
        };
    }

    /** The source whose exact conditionals this denoiser returns. */
    public MarkovSource chain() { return chain; }
    @Override public Vocabulary vocabulary() { return vocabulary; }
    @Override public int maskId() { return chain.alphabetSize(); }
    @Override public boolean shiftedLogits() { return false; }

    @Override
    public float[][] logits(int[] canvas, int[] rows) {
        Posterior post = new Posterior(chain, evidence(canvas));
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double[] p = post.marginal(rows[r]);
            out[r] = new float[p.length];
            for (int v = 0; v < p.length; v++) out[r][v] = (float) Math.log(p[v]);
        }
        return out;
    }

    /** Canvas ids to chain evidence: the mask becomes "unknown" (-1). */
    int[] evidence(int[] canvas) {
        int[] x = new int[canvas.length];
        for (int i = 0; i < x.length; i++) {
            int t = canvas[i];
            if (t == maskId()) x[i] = -1;
            else if (t >= 0 && t < chain.alphabetSize()) x[i] = t;
            else throw new IllegalArgumentException("canvas position " + i + " holds id " + t + ", not a symbol of this chain");
        }
        return x;
    }
}
