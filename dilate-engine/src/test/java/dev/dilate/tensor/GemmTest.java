package dev.dilate.tensor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiled product against a plain double-precision loop over the decoded weights, on shapes
 * that exercise every path: several k-passes (k beyond one L1 tile), k tails shorter than a
 * vector, row and token counts that are not multiples of the 4 x 4 register tile; on the Java
 * tiles and on OpenBLAS through FFM where Debian's libopenblas0 is installed.
 */
class GemmTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "openblas", "onednn"})
    void matchesThePlainProductOnAwkwardShapes(String kernel) {
        Gemm.use(kernel.equals("java") ? null : installed(kernel));
        try {
            matchesThePlainProduct();
        } finally {
            Gemm.use(null);
        }
    }

    private static void matchesThePlainProduct() { matchesThePlainProduct(1e-5); }

    /**
     * Every product within {@code bound} x sum |w x| of the double-precision one. Every other
     * shape's weights are in native memory, as a mapped file's are (oneDNN reads BF16 rows in bf16
     * and F32 rows in fp32 there in place), the others on the heap.
     *
     * @return the largest error seen, relative to sum |w x|
     */
    private static double matchesThePlainProduct(double bound) {
        SplittableRandom rng = new SplittableRandom(11);
        // {k, rows, tokens}; 64 tokens and more also take the BLAS path (16 and more oneDNN's), whose panels hold 2 MB / 4k rows (93 at k = 5632).
        int[][] shapes = {{4160, 37, 7}, {2048, 64, 13}, {96, 10, 5}, {40, 3, 1}, {5632, 9, 4}, {2048, 21, 70}, {5632, 200, 64}, {96, 10, 65}, {256, 40, 16}};
        double worst = 0;
        for (GGMLType type : new GGMLType[] {GGMLType.F32, GGMLType.F16, GGMLType.BF16, GGMLType.Q8_0, GGMLType.Q4_0}) {
            for (int s = 0; s < shapes.length; s++) {
                int k = shapes[s][0], n = shapes[s][1], T = shapes[s][2];
                if (k % type.blockSize != 0) continue;
                float[] w = random(rng, n * k), x = random(rng, T * k);
                byte[] encoded = Quantize.encode(type, w);
                MemorySegment bytes = s % 2 == 0 ? MemorySegment.ofArray(encoded)
                        : Arena.ofAuto().allocate(encoded.length, 64).copyFrom(MemorySegment.ofArray(encoded));
                Matrix m = new Matrix("w", type, n, k, bytes);
                float[] y = new float[T * n];
                // Inline, the 200-row shape is one chunk of several native panels (93 or 186 rows at k = 5,632).
                if (n == 200) Parallel.inline(() -> { Gemm.multiply(m, x, T, y); return null; });
                else Gemm.multiply(m, x, T, y);
                for (int o = 0; o < n; o++) {
                    float[] row = m.row(o);
                    for (int t = 0; t < T; t++) {
                        double want = 0, scale = 0;
                        for (int i = 0; i < k; i++) {
                            want += (double) row[i] * x[t * k + i];
                            scale += Math.abs((double) row[i] * x[t * k + i]);
                        }
                        double got = y[t * n + o];
                        worst = Math.max(worst, Math.abs(got - want) / scale);
                        assertTrue(Math.abs(got - want) <= bound * scale + 1e-6,
                                type + " k=" + k + " n=" + n + " T=" + T + " y[" + t + "][" + o + "] = " + got + ", expected " + want);
                    }
                }
            }
        }
        return worst;
    }

    /**
     * Approximate arithmetic on oneDNN, within its rounding and well off fp32's bound (or its
     * products did not run). bf16 rounds both operands to 8 significant bits, so each term is off
     * by at most about 2^-8 of itself: the bound is 2^-7 of sum |w x|. int8 rounds each rotated
     * activation and weight to the nearest step of its row's largest magnitude / 127. Rotated,
     * these uniform operands are about Gaussian, whose largest value grows with k, so a bound on
     * every term would pass 1/32 of sum |w x| at k = 5,632; but the terms' errors are independent
     * roundings that grow as sqrt(k) against sum |w x|'s k. The worst seen is 1/196 (bf16: 1/1031):
     * the bound, 1/32, leaves six times that.
     */
    @ParameterizedTest
    @CsvSource({"onednn:bf16, 128", "onednn:int8, 32"})
    void approximateProductsAreWithinTheirRounding(String name, int inverseBound) {
        NativeKernel kernel = installed(name);
        assertTrue(kernel.approximate());
        Gemm.use(kernel);
        try {
            double worst = matchesThePlainProduct(1.0 / inverseBound);
            assertTrue(worst > 1e-4, "worst relative error " + worst + ": the " + name + " products did not run");
        } finally {
            Gemm.use(null);
        }
    }

    /**
     * int8 quantizes rotated operands, x' = H x and w' = H w ({@link Hadamard}, computed here
     * entry by entry), each value to within half a step of its row's (or token's) largest
     * magnitude / 127; so each product is within (mx sum|w'| + mw sum|x'|) / 254 + k mx mw / 254^2
     * of the exact one, mx and mw the rotated token's and row's largest magnitudes. Rows and
     * tokens here differ in scale by up to 64x, one row and one token are zeros: a scale applied
     * to the wrong row or token, or twice, or operands rotated differently, break the bound.
     */
    @Test
    void int8ProductsAreWithinTheirRowsAndTokensSteps() {
        NativeKernel int8 = installed("onednn:int8");
        SplittableRandom rng = new SplittableRandom(17);
        int k = 256, n = 37, T = 20;
        float[] w = random(rng, n * k), x = random(rng, T * k);
        for (int o = 0; o < n; o++) for (int i = 0; i < k; i++) w[o * k + i] *= o == 3 ? 0 : 1 << (o % 7);
        for (int t = 0; t < T; t++) for (int i = 0; i < k; i++) x[t * k + i] *= t == 5 ? 0 : 1 << (t % 5);
        double[] maxX = new double[T], sumsX = new double[T];
        for (int t = 0; t < T; t++)
            for (double v : HadamardTest.sylvester(x, t * k, k)) {
                maxX[t] = Math.max(maxX[t], Math.abs(v));
                sumsX[t] += Math.abs(v);
            }
        for (GGMLType type : new GGMLType[] {GGMLType.F16, GGMLType.Q8_0}) {
            Matrix m = new Matrix("w", type, n, k, MemorySegment.ofArray(Quantize.encode(type, w)));
            float[] y = new float[T * n];
            int8.multiply(m, x, T, y);
            double worst = 0;
            for (int o = 0; o < n; o++) {
                float[] row = m.row(o);
                double mw = 0, sumW = 0;
                for (double v : HadamardTest.sylvester(row, 0, k)) { mw = Math.max(mw, Math.abs(v)); sumW += Math.abs(v); }
                for (int t = 0; t < T; t++) {
                    double want = 0, mx = maxX[t], sumX = sumsX[t], scale = 0;
                    for (int i = 0; i < k; i++) {
                        want += row[i] * x[t * k + i];
                        scale += Math.abs(row[i] * x[t * k + i]);
                    }
                    double bound = (mx * sumW + mw * sumX) / 254 + k * mx * mw / (254.0 * 254) + 1e-5 * scale;
                    double error = Math.abs(y[t * n + o] - want);
                    worst = Math.max(worst, error / Math.max(scale, 1e-30));
                    assertTrue(error <= bound, type + " y[" + t + "][" + o + "] = " + y[t * n + o] + ", expected " + want + " within " + bound);
                }
            }
            assertTrue(worst > 1e-4, "worst relative error " + worst + ": the int8 products did not run");
        }
    }

    /**
     * Real models' activations have a few channels far larger than the rest, the same channels in
     * every token. With one scale per token those channels would set the step for all the others
     * (here 8 of 2,048 channels at 40x: 6.7% off, measured without the rotation); rotated first,
     * the products stay within 2% (measured 1.1%; llama.cpp's per-32 scales 1.2%, in NumPy).
     */
    @Test
    void int8HoldsActivationsWithOutlierChannels() {
        NativeKernel int8 = installed("onednn:int8");
        SplittableRandom rng = new SplittableRandom(23);
        int k = 2048, n = 64, T = 16;
        float[] w = random(rng, n * k), x = Int8OperandsTest.withOutlierChannels(rng, T, k);
        Matrix m = new Matrix("w", GGMLType.Q8_0, n, k, MemorySegment.ofArray(Quantize.encode(GGMLType.Q8_0, w)));
        float[] y = new float[T * n];
        int8.multiply(m, x, T, y);
        double error = 0, norm = 0;
        for (int o = 0; o < n; o++) {
            float[] row = m.row(o);
            for (int t = 0; t < T; t++) {
                double want = 0;
                for (int i = 0; i < k; i++) want += (double) row[i] * x[t * k + i];
                error += (y[t * n + o] - want) * (y[t * n + o] - want);
                norm += want * want;
            }
        }
        double relative = Math.sqrt(error / norm);
        assertTrue(relative < 0.02 && relative > 1e-4, "int8 with outlier channels: relative error " + relative);
    }

    /**
     * int8 keeps each matrix's quantized rows, but matrices are records: a second matrix equal to
     * the first (same name, shape and address, as a file mapped where a closed one was) holding
     * other weights must be quantized afresh, not served the first one's copy.
     */
    @Test
    void int8KeepsQuantizedRowsPerMatrixNotPerEqualMatrix() {
        NativeKernel int8 = installed("onednn:int8");
        int k = 64, n = 8, T = 16;
        MemorySegment data = Arena.ofAuto().allocate(2L * n * k, 64);
        float[] x = fill(T * k, 1), y = new float[T * n];
        data.copyFrom(MemorySegment.ofArray(Quantize.encode(GGMLType.F16, fill(n * k, 1))));
        Matrix first = new Matrix("w", GGMLType.F16, n, k, data);
        int8.multiply(first, x, T, y);
        assertTrue(Math.abs(y[0] - k) < 1e-3, "y = " + y[0]);
        data.copyFrom(MemorySegment.ofArray(Quantize.encode(GGMLType.F16, fill(n * k, 2))));
        Matrix second = new Matrix("w", GGMLType.F16, n, k, data);
        assertTrue(second.equals(first));
        int8.multiply(second, x, T, y);
        assertTrue(Math.abs(y[0] - 2 * k) < 1e-3, "the second matrix was served the first one's int8 rows: y = " + y[0]);
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * Attention's products (float operands, one head per call) run in bf16 on the approximate
     * kernels, within bf16's rounding (2^-7 of sum |w x|) and off fp32's; the fp32 kernel leaves
     * them to the tiles. The second shape's 70,001 rows take the tokens in chunks (the outputs'
     * cap), of which every 997th row is checked.
     */
    @ParameterizedTest
    @ValueSource(ints = {77, 70_001})
    void attentionProductsRunInBf16OnTheApproximateKernels(int rows) {
        SplittableRandom rng = new SplittableRandom(23);
        int k = 64, T = 40, wo = 5, xo = 3, yo = 7, step = rows > 1000 ? 997 : 1;
        float[] w = random(rng, wo + rows * k), x = random(rng, xo + T * k), y = new float[yo + T * rows];
        assertTrue(!installed("onednn").multiplySerial(w, wo, rows, k, x, xo, T, y, yo), "fp32 leaves attention to the tiles");
        for (String name : new String[] {"onednn:bf16", "onednn:int8"}) {
            NativeKernel kernel = installed(name);
            Assumptions.assumeTrue(kernel.description().contains("attention's products in bf16"), name + ": no bf16 instructions here");
            assertTrue(kernel.multiplySerial(w, wo, rows, k, x, xo, T, y, yo), name);
            double worst = 0;
            for (int t = 0; t < T; t++)
                for (int o = 0; o < rows; o += step) {
                    double want = 0, scale = 0;
                    for (int i = 0; i < k; i++) {
                        want += (double) w[wo + o * k + i] * x[xo + t * k + i];
                        scale += Math.abs((double) w[wo + o * k + i] * x[xo + t * k + i]);
                    }
                    double error = Math.abs(y[yo + t * rows + o] - want);
                    worst = Math.max(worst, error / scale);
                    assertTrue(error <= scale / 128, name + " y[" + t + "][" + o + "] = " + y[yo + t * rows + o] + ", expected " + want);
                }
            assertTrue(worst > 1e-4, name + ": worst relative error " + worst + ", so not in bf16");
        }
    }

    /** Approximate arithmetic takes long products of weights stored below fp32; F32 weights (a router) and short products stay on the tiles. */
    @Test
    void approximateKernelsLeaveF32WeightsAndShortProductsToTheTiles() {
        NativeKernel int8 = installed("onednn:int8"), fp32 = installed("onednn");
        Matrix f32 = new Matrix("router", GGMLType.F32, 8, 64, MemorySegment.ofArray(new float[8 * 64]));
        Matrix q8 = new Matrix("w", GGMLType.Q8_0, 8, 64, MemorySegment.ofArray(Quantize.encode(GGMLType.Q8_0, new float[8 * 64])));
        assertTrue(int8.takes(q8, 64) && !int8.takes(f32, 64) && !int8.takes(q8, int8.minTokens() - 1));
        assertTrue(fp32.takes(f32, 64), "fp32 arithmetic is exact, so it takes F32 weights too");
    }

    /** More token counts than a thread keeps primitives for, twice over: evicted shapes are freed and made again. */
    @Test
    void oneDnnFreesAndRemakesShapesPastItsLimit() {
        NativeKernel onednn = installed("onednn");
        SplittableRandom rng = new SplittableRandom(5);
        int k = 64, n = 24;
        float[] w = random(rng, n * k);
        Matrix m = new Matrix("w", GGMLType.F32, n, k, MemorySegment.ofArray(w));
        for (int pass = 0; pass < 2; pass++)
            for (int T = 16; T < 16 + 80; T++) {
                float[] x = random(rng, T * k), y = new float[T * n];
                onednn.multiply(m, x, T, y);
                int t = T - 1, o = T % n;
                double want = 0;
                for (int i = 0; i < k; i++) want += (double) w[o * k + i] * x[t * k + i];
                assertTrue(Math.abs(y[t * n + o] - want) <= 1e-4, "T=" + T + ": " + y[t * n + o] + ", expected " + want);
            }
    }

    @Test
    void theStartUpRaceTimesBothKernels() {
        NativeKernel blas = installed("openblas");
        double[] rates = KernelChoice.raceLibrary(Tiles.of(4, 4), blas);
        assertTrue(rates[0] > 1 && rates[1] > 1 && Double.isFinite(rates[0] + rates[1]), rates[0] + " " + rates[1]);
    }

    @Test
    void theTileRaceTimesEveryShape() {
        List<Tiles.Shape> shapes = List.of(Tiles.of(4, 4), Tiles.of(2, 8));
        double[] rates = KernelChoice.raceTiles(shapes);
        assertTrue(rates.length == 2 && rates[0] > 1 && rates[1] > 1 && Double.isFinite(rates[0] + rates[1]), rates[0] + " " + rates[1]);
    }

    @Test
    void aLibraryThatCannotBeLoadedIsNamed() {
        IllegalStateException e = assertThrows(NativeKernel.Unavailable.class, () -> Blas.load("libno-such-blas.so"));
        assertTrue(e.getMessage().contains("libno-such-blas.so"), e.getMessage());
    }

    /** The named native kernel; the test is skipped (not failed) only where its library is not installed or cannot run here. */
    private static NativeKernel installed(String name) {
        try {
            return NativeKernels.load(name);
        } catch (NativeKernel.Unavailable absent) {
            Assumptions.abort(absent.getMessage());
            throw absent;   // not reached: abort throws
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
