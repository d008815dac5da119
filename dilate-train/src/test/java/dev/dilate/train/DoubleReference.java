package dev.dilate.train;

import dev.dilate.model.ModelConfig;

import java.util.List;

/**
 * The masked-diffusion loss written out plainly in double precision, loop by loop from the
 * definitions, sharing no code with {@link Network}: the reference for finite differences.
 * Tensors are given in {@link Parameters#tensors()} order.
 */
final class DoubleReference {
    private final ModelConfig c;
    private final boolean tied;

    DoubleReference(ModelConfig c, boolean tied) { this.c = c; this.tied = tied; }

    static double[][] copy(Parameters p) {
        List<Parameters.Tensor> ts = p.tensors();
        double[][] out = new double[ts.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] f = ts.get(i).data();
            out[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) out[i][j] = f[j];
        }
        return out;
    }

    double loss(double[][] w, Batch batch) {
        int B = batch.sequences(), L = batch.length(), T = B * L, d = c.dim(), V = c.vocab();
        double[][] x = new double[T][d];
        for (int t = 0; t < T; t++) for (int i = 0; i < d; i++) x[t][i] = w[0][batch.tokens()[t] * d + i];
        for (int l = 0; l < c.layers(); l++) {
            int o = 1 + 9 * l;
            double[][] h = norm(x, w[o]);
            double[][] q = linear(h, w[o + 1], c.qDim()), k = linear(h, w[o + 2], c.kvDim()), v = linear(h, w[o + 3], c.kvDim());
            rope(q, L, c.heads());
            rope(k, L, c.kvHeads());
            double[][] att = attention(q, k, v, B, L, batch.lengths());
            double[][] mid = add(x, linear(att, w[o + 4], d));
            double[][] h2 = norm(mid, w[o + 5]);
            double[][] g = linear(h2, w[o + 6], c.ffn()), u = linear(h2, w[o + 7], c.ffn());
            for (int t = 0; t < T; t++) for (int i = 0; i < c.ffn(); i++) g[t][i] = g[t][i] / (1 + Math.exp(-g[t][i])) * u[t][i];
            x = add(mid, linear(g, w[o + 8], d));
        }
        double[][] h = norm(x, w[1 + 9 * c.layers()]);
        double[] head = tied ? w[0] : w[2 + 9 * c.layers()];
        double loss = 0;
        for (int m = 0; m < batch.rows().length; m++) {
            double[] logits = new double[V];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int vv = 0; vv < V; vv++) {
                for (int i = 0; i < d; i++) logits[vv] += h[batch.rows()[m]][i] * head[vv * d + i];
                max = Math.max(max, logits[vv]);
            }
            for (int vv = 0; vv < V; vv++) sum += Math.exp(logits[vv] - max);
            loss += batch.weights()[m] * (max + Math.log(sum) - logits[batch.targets()[m]]);
        }
        return loss;
    }

    private double[][] norm(double[][] x, double[] w) {
        double[][] out = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double ss = 0;
            for (double v : x[t]) ss += v * v;
            double r = 1 / Math.sqrt(ss / x[t].length + c.eps());
            for (int i = 0; i < x[t].length; i++) out[t][i] = x[t][i] * r * w[i];
        }
        return out;
    }

    /** y = x W^T with W (n x k) row-major. */
    private static double[][] linear(double[][] x, double[] w, int n) {
        int k = x[0].length;
        double[][] y = new double[x.length][n];
        for (int t = 0; t < x.length; t++) for (int o = 0; o < n; o++) for (int i = 0; i < k; i++) y[t][o] += x[t][i] * w[o * k + i];
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) for (int i = 0; i < a[t].length; i++) out[t][i] = a[t][i] + b[t][i];
        return out;
    }

    /** Adjacent pairs (2i, 2i+1) rotated by position * theta^(-2i/hd). */
    private void rope(double[][] x, int L, int heads) {
        int hd = c.headDim();
        for (int t = 0; t < x.length; t++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < hd / 2; i++) {
                    double angle = (t % L) * Math.pow(c.ropeTheta(), -2.0 * i / hd);
                    int a = h * hd + 2 * i;
                    double x0 = x[t][a], x1 = x[t][a + 1];
                    x[t][a] = x0 * Math.cos(angle) - x1 * Math.sin(angle);
                    x[t][a + 1] = x0 * Math.sin(angle) + x1 * Math.cos(angle);
                }
    }

    /** Each sequence's positions attend to its first lengths[b] (the rest is padding). */
    private double[][] attention(double[][] q, double[][] k, double[][] v, int B, int L, int[] lengths) {
        int hd = c.headDim(), group = c.heads() / c.kvHeads();
        double[][] out = new double[q.length][c.qDim()];
        for (int b = 0; b < B; b++)
            for (int h = 0; h < c.heads(); h++) {
                int kh = h / group;
                for (int t = 0; t < L; t++) {
                    int n = lengths[b];
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < hd; i++) s[j] += q[b * L + t][h * hd + i] * k[b * L + j][kh * hd + i];
                        s[j] /= Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j < n; j++)
                        for (int i = 0; i < hd; i++) out[b * L + t][h * hd + i] += s[j] / sum * v[b * L + j][kh * hd + i];
                }
            }
        return out;
    }
}
