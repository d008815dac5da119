package dev.dilate.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The native kernels by name, the one place that knows them all: the {@code dilate.blas} system
 * property or the {@code DILATE_BLAS} environment variable picks one for {@link KernelChoice}.
 *
 * <p>Names: {@code openblas} or a BLAS library's path (fp32, as the tiles); {@code onednn}
 * (fp32); {@code onednn:bf16} (activations, and weights not already BF16, rounded to bf16 and
 * multiplied in bf16 with fp32 sums: faster, and no longer exact to fp32 rounding);
 * {@code onednn:int8} (activations per token and weights per row quantized to int8, int32 sums:
 * faster still, and coarser); {@code auto}
 * (the fp32 libraries installed, raced against the tiles on this CPU: the fastest is kept if it
 * wins); {@code off}, or unset: none.
 */
public final class NativeKernels {
    private NativeKernels() {}

    /**
     * The libraries {@code dilate.blas} (or {@code DILATE_BLAS}) names: none when neither is set or
     * it is {@code off}; under {@code auto} every fp32 library installed (oneDNN, OpenBLAS), for
     * {@link KernelChoice} to race and keep only the fastest, and only if it beats the tiles.
     *
     * @throws IllegalStateException if it names a library that cannot be loaded
     */
    static List<NativeKernel> configured() {
        String spec = spec();
        if (spec.isEmpty() || spec.equals("off")) return List.of();
        if (!spec.equals("auto")) return List.of(load(spec));
        List<NativeKernel> installed = new ArrayList<>();
        for (String candidate : new String[] {"onednn", "openblas"}) {
            try {
                installed.add(load(candidate));
            } catch (NativeKernel.Unavailable absent) {
                // not installed here: not a candidate
            }
        }
        return installed;
    }

    /** Whether the configured library is to be kept only where it measures faster ({@code auto}). */
    static boolean automatic() { return spec().equals("auto"); }

    private static String spec() {
        return System.getProperty("dilate.blas", System.getenv().getOrDefault("DILATE_BLAS", "off")).trim();
    }

    /**
     * {@code onednn}, {@code onednn:bf16}, {@code onednn:int8}, {@code openblas}, or a BLAS library by file name or path.
     *
     * @throws NativeKernel.Unavailable naming the library, if it is not installed or cannot run on this CPU
     * @throws IllegalStateException naming the library and why, if it fails otherwise
     */
    public static NativeKernel load(String spec) {
        return switch (spec) {
            case "onednn" -> OneDnn.load(OneDnn.Arithmetic.FP32);
            case "onednn:bf16" -> OneDnn.load(OneDnn.Arithmetic.BF16);
            case "onednn:int8" -> OneDnn.load(OneDnn.Arithmetic.INT8);
            default -> Blas.load(spec);
        };
    }
}
