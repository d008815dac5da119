package dev.dilate.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * A native BLAS's {@code cblas_sgemm}, called through the FFM API: an optional projection kernel
 * ({@link NativeKernel}) for CPUs where the Java tiles fall short of the FMA peak (two 512-bit
 * FMAs a cycle on Zen 5).
 *
 * <p>Each of dilate's compute threads calls it on its own panel of rows, so the library must run a
 * call on the calling thread: OpenBLAS is told so ({@code openblas_set_num_threads(1)}); another
 * library must be set single-threaded by its own environment variable. Calls are "critical"
 * (no safepoint inside), which lets them read and write Java arrays in place.
 */
public final class Blas implements NativeKernel {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    /** What {@code openblas} resolves to: Debian's libopenblas0-pthread (or -openmp, -serial) provide the first. */
    private static final List<String> OPENBLAS = List.of("libopenblas.so.0", "libopenblas.so");

    /** Decoded weights per native call: on Zen 4, panels of 512 KB, 2 MB and 8 MB measured alike. */
    private static final long PANEL_BYTES = 2L << 20;
    private static final ThreadBuffer PANEL = new ThreadBuffer();

    private final String description;
    private final MethodHandle sgemm;

    private Blas(String description, MethodHandle sgemm) {
        this.description = description;
        this.sgemm = sgemm;
    }

    /**
     * Loads {@code openblas} (Debian's {@code libopenblas.so.0}) or a library by file name or path
     * that exports {@code cblas_sgemm}.
     *
     * @throws NativeKernel.Unavailable naming the library, if it cannot be loaded
     * @throws IllegalStateException if it has no {@code cblas_sgemm} or setting it up fails
     */
    public static Blas load(String spec) {
        List<String> names = spec.equals("openblas") ? OPENBLAS : List.of(spec);
        for (String name : names) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                continue;
            }
            return bind(name, lib);
        }
        throw new NativeKernel.Unavailable("BLAS '" + spec + "': cannot load " + String.join(" or ", names)
                + (spec.equals("openblas") ? " (Debian: apt-get install libopenblas0-pthread)" : "") + "; unset dilate.blas / DILATE_BLAS to use the Java kernels");
    }

    private static Blas bind(String name, SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        MemorySegment address = lib.find("cblas_sgemm")
                .orElseThrow(() -> new IllegalStateException("BLAS " + name + " has no cblas_sgemm"));
        var I = ValueLayout.JAVA_INT;
        var F = ValueLayout.JAVA_FLOAT;
        var P = ValueLayout.ADDRESS;
        MethodHandle sgemm = linker.downcallHandle(address,
                FunctionDescriptor.ofVoid(I, I, I, I, I, I, F, P, I, P, I, F, P, I), Linker.Option.critical(true));
        String description = name;
        try {
            Optional<MemorySegment> threads = lib.find("openblas_set_num_threads");
            if (threads.isPresent()) linker.downcallHandle(threads.get(), FunctionDescriptor.ofVoid(I)).invokeExact(1);
            Optional<MemorySegment> config = lib.find("openblas_get_config");
            if (config.isPresent()) {
                MemorySegment text = (MemorySegment) linker.downcallHandle(config.get(), FunctionDescriptor.of(P)).invokeExact();
                description = name + " (" + text.reinterpret(256).getString(0) + ")";
            }
        } catch (Throwable t) {
            throw new IllegalStateException("BLAS " + name + ": setting it up failed", t);
        }
        return new Blas(description, sgemm);
    }

    /** The library and, for OpenBLAS, its build configuration. */
    @Override
    public String description() { return description; }

    @Override
    public boolean approximate() { return false; }

    /**
     * The library repacks both operands every call, which a short product does not pay back
     * (Zen 4, OpenBLAS 0.3.21: the head over 32 rows took 0.022 s against the tiles' 0.014 s).
     */
    @Override
    public int minTokens() { return 64; }

    /**
     * y (T x W.rows) = x (T x W.cols) times W transposed, as {@link Gemm#multiply}: each compute
     * thread hands its own rows to the library one panel at a time, F32 weights straight from the
     * mapped file, other types decoded into a panel first (whole rows: the library blocks k
     * itself). A panel of {@link #PANEL_BYTES} keeps the library's repacking of x (T k per call)
     * small next to the panel's T k rows multiply-adds.
     */
    @Override
    public void multiply(Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        int panelRows = (int) Math.max(1, PANEL_BYTES / 4 / k);
        long rowBytes = w.rowBytes();
        Parallel.forRange(n, 1, (from, to) -> {
            float[] panel = w.type() == GGMLType.F32 ? null : PANEL.floats(panelRows * k);
            for (int o = from; o < to; o += panelRows) {
                int rows = Math.min(panelRows, to - o);
                MemorySegment rowsOf;
                if (panel == null) rowsOf = w.data().asSlice(o * rowBytes, rows * rowBytes);
                else {
                    for (int r = 0; r < rows; r++) Dequant.decode(w.type(), w.data(), (o + r) * rowBytes, panel, r * k, k);
                    rowsOf = MemorySegment.ofArray(panel);
                }
                sgemm(tokens, rows, k, x, rowsOf, y, o, n);
            }
        });
    }

    /** y[t][yo + r] = x[t] . w[r] for t &lt; tokens, r &lt; rows: x tokens x k, w rows x k (heap or native), y rows of stride {@code ldy}. */
    private void sgemm(int tokens, int rows, int k, float[] x, MemorySegment w, float[] y, int yo, int ldy) {
        MemorySegment a = MemorySegment.ofArray(x), c = MemorySegment.ofArray(y).asSlice(yo * 4L);
        try {
            sgemm.invokeExact(ROW_MAJOR, NO_TRANS, TRANS, tokens, rows, k, 1f, a, k, w, k, 0f, c, ldy);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    @Override
    public String toString() { return "BLAS " + description; }
}
