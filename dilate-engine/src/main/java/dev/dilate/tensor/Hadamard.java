package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The normalized Walsh-Hadamard transform H, block-diagonal over a vector of n values: blocks
 * of b = the largest power of two dividing n, each multiplied by the b x b Sylvester matrix /
 * sqrt(b). H is orthogonal, so (H x) . (H w) = x . w: rotating both operands
 * of a product leaves it as it was, but a vector's few large entries are spread over its whole
 * block. Quantizing with one scale per row then no longer spends its 255 steps on them (the
 * rotation of QuaRot, Ashkboos et al. 2024). n log2(b) additions, into a buffer that stays in L1.
 */
final class Hadamard {
    private Hadamard() {}

    /** The preferred vectors, up to 16 lanes: the strides within a vector are written out for four levels. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    private static final int LANES = F.length(), LEVELS = Integer.numberOfTrailingZeros(LANES);
    // For stride 2^l within a vector (up to 16 lanes): each lane's partner (lane ^ 2^l), and +1 on
    // the lanes that add it, -1 on those that subtract. Fields, not arrays, so that C2 takes them
    // as constants: read from arrays, a whole transform took half again as long.
    private static final VectorShuffle<Float> PARTNER_1 = partner(0), PARTNER_2 = partner(1),
            PARTNER_4 = partner(2), PARTNER_8 = partner(3);
    private static final FloatVector SIGN_1 = sign(0), SIGN_2 = sign(1), SIGN_4 = sign(2), SIGN_8 = sign(3);

    /** The size of the blocks H acts on in vectors of n values. */
    static int block(int n) { return n & -n; }

    /** to[0..n) = H from[off..off+n). */
    static void rotate(float[] from, int off, float[] to, int n) {
        int b = block(n);
        float norm = (float) (1 / Math.sqrt(b));
        for (int o = 0; o < n; o += b) {
            if (b < LANES) scalar(from, off + o, to, o, b, norm);
            else vectors(from, off + o, to, o, b, norm);
        }
    }

    private static void vectors(float[] from, int off, float[] to, int o, int b, float norm) {
        // Strides below a vector's width, and the normalization: each vector on its own, in registers.
        // A level is partner + sign v: a + c on a pair's lower lane, a - c on its upper one.
        for (int j = 0; j < b; j += LANES) {
            FloatVector v = FloatVector.fromArray(F, from, off + j);
            if (LEVELS > 0) v = v.fma(SIGN_1, v.rearrange(PARTNER_1));
            if (LEVELS > 1) v = v.fma(SIGN_2, v.rearrange(PARTNER_2));
            if (LEVELS > 2) v = v.fma(SIGN_4, v.rearrange(PARTNER_4));
            if (LEVELS > 3) v = v.fma(SIGN_8, v.rearrange(PARTNER_8));
            v.mul(norm).intoArray(to, o + j);
        }
        // Wider strides, two levels per pass over memory (h and 2h between four vectors), then one if an odd one is left.
        int h = LANES;
        for (; 4 * h <= b; h <<= 2)
            for (int i = o; i < o + b; i += 4 * h)
                for (int j = i; j < i + h; j += LANES) {
                    FloatVector a0 = FloatVector.fromArray(F, to, j), a1 = FloatVector.fromArray(F, to, j + h),
                            a2 = FloatVector.fromArray(F, to, j + 2 * h), a3 = FloatVector.fromArray(F, to, j + 3 * h);
                    FloatVector s0 = a0.add(a1), d0 = a0.sub(a1), s1 = a2.add(a3), d1 = a2.sub(a3);
                    s0.add(s1).intoArray(to, j);
                    d0.add(d1).intoArray(to, j + h);
                    s0.sub(s1).intoArray(to, j + 2 * h);
                    d0.sub(d1).intoArray(to, j + 3 * h);
                }
        if (h < b)
            for (int j = o; j < o + h; j += LANES) {
                FloatVector a = FloatVector.fromArray(F, to, j), c = FloatVector.fromArray(F, to, j + h);
                a.add(c).intoArray(to, j);
                a.sub(c).intoArray(to, j + h);
            }
    }

    /** Blocks narrower than a vector (n with few factors of two). */
    private static void scalar(float[] from, int off, float[] to, int o, int b, float norm) {
        for (int j = 0; j < b; j++) to[o + j] = from[off + j] * norm;
        for (int h = 1; h < b; h <<= 1)
            for (int i = o; i < o + b; i += 2 * h)
                for (int j = i; j < i + h; j++) {
                    float a = to[j], c = to[j + h];
                    to[j] = a + c;
                    to[j + h] = a - c;
                }
    }

    /** Lane ^ 2^l (unused, and the identity, where 2^l is a vector's width or more). */
    private static VectorShuffle<Float> partner(int l) {
        return VectorShuffle.fromOp(F, lane -> l < LEVELS ? lane ^ (1 << l) : lane);
    }

    private static FloatVector sign(int l) {
        float[] sign = new float[LANES];
        for (int lane = 0; lane < LANES; lane++) sign[lane] = (lane & (1 << l)) != 0 ? -1 : 1;
        return FloatVector.fromArray(F, sign, 0);
    }
}
