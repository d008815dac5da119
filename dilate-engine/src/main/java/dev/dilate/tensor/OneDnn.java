package dev.dilate.tensor;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * oneDNN's matmul primitive (3.x, or 2.x as Debian 12's libdnnl2), called through the FFM API: the
 * optional native kernel that reaches the CPU's bf16 and int8 dot products ({@code vdpbf16ps},
 * {@code vpdpbusd}), which the Vector API cannot emit. In fp32 it is one more sgemm; in bf16 ({@code onednn:bf16}) the
 * activations, and weights not already BF16, are rounded to bf16 and the library multiplies
 * pairs of them into fp32 sums, twice the multiply-adds per instruction of an fp32 FMA; in int8
 * ({@code onednn:int8}) each token's activations and each weight row are rotated (which leaves
 * their products unchanged, see {@link Int8Operands}) and quantized to int8 with one scale apiece,
 * and the library's VNNI products ({@code vpdpbusd}) do four times as many.
 *
 * <p>Measured with oneDNN 2.6.3 on a Zen 4 core (320 tokens, depth 2,048): fp32 103-109 GFLOP/s,
 * bf16 206-218, int8 440 GOP/s, against the Java tiles' 95-97; over 32 tokens 86, 171 and 388.
 *
 * <p>Threads: as with {@link Blas}, each of dilate's compute threads hands its own rows to the
 * library, whose OpenMP runtime is told to run each call on the calling thread. Every thread has
 * its own stream and primitives (oneDNN's are not to be shared across threads while running), and
 * all operands live in native memory, since a primitive is bound to its buffers before it runs.
 * Mapped weights are read in place while a call runs, outside the FFM's watch: a model must not be
 * closed during a forward (the Java kernels would fail on it; this one would read unmapped memory;
 * int8 reads its own copies).
 */
public final class OneDnn implements NativeKernel {
    /** oneDNN 3.x, then 2.x (Debian 12's libdnnl2). */
    private static final List<String> LIBRARIES = List.of("libdnnl.so.3", "libdnnl.so.2");
    private static final String GOMP = "libgomp.so.1";
    // oneDNN's C ABI, the same in 2.x and 3.x for what is used here (dnnl_types.h), except how
    // descriptors are made: 2.x fills structs the caller allocates (sizes here with headroom),
    // 3.x hands out handles and makes a matmul's primitive descriptor in one call.
    private static final int CPU = 1, STREAM_DEFAULT = 1, DT_BF16 = 2, DT_F32 = 3, DT_S32 = 4, DT_S8 = 5;
    private static final int ARG_SRC = 1, ARG_DST = 17, ARG_WEIGHTS = 33, QUERY_IMPL_INFO = 8, RUNTIME_OMP = 2;
    private static final long MEMORY_DESC_BYTES = 2048, MATMUL_DESC_BYTES = 8192;
    /** Decoded weights per native call: oneDNN ran alike from 256 to 2,816 rows of depth 2,048. */
    private static final long PANEL_BYTES = 2L << 20;
    /** Results per native call, which bounds the rows of a call on mapped weights too (the head's 126,464). */
    private static final long OUTPUT_BYTES = 8L << 20;
    /**
     * Primitives kept per thread, least recently used dropped first: a forward needs a handful of
     * shapes, but each new token count (a server's prompts) makes new ones, which must not pile up.
     */
    private static final int SHAPES_KEPT = 64;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    private static final AddressLayout A = ValueLayout.ADDRESS;

    /**
     * What the library multiplies: operands of this type and size, summed in this type. int8
     * scales each operand row by its own largest value (a token's activations, a weight row), and
     * the library's int32 sums are scaled back to floats here.
     */
    public enum Arithmetic {
        FP32(DT_F32, 4, DT_F32, GGMLType.F32, "fp32 arithmetic (weights other than F32 decoded per panel)"),
        BF16(DT_BF16, 2, DT_F32, GGMLType.BF16, "bf16 arithmetic (activations, and weights other than BF16 and F32 per panel, "
                + "rounded to bf16; F32 weights stay fp32 on the tiles)"),
        INT8(DT_S8, 1, DT_S32, null, "int8 arithmetic (activations per token and weights per row rotated by a Walsh-Hadamard "
                + "transform, then quantized to int8 with one scale each, the weights once and kept: a byte per weight; int32 sums; "
                + "F32 weights stay fp32 on the tiles)");

        final int type, bytes, sumType;
        /** Weights of this type are read in place, in a mapped file; others are decoded per panel. */
        final GGMLType inPlace;
        final String description;

        Arithmetic(int type, int bytes, int sumType, GGMLType inPlace, String description) {
            this.type = type;
            this.bytes = bytes;
            this.sumType = sumType;
            this.inPlace = inPlace;
            this.description = description;
        }
    }

    private final Arithmetic arithmetic;
    private final boolean v3;
    /** Whether attention's products run here too, in bf16: in the approximate arithmetics, where the CPU has bf16. */
    private final boolean bf16Attention;
    private final String description;
    private final MemorySegment engine;
    private final MethodHandle streamCreate, descByStrides, descDestroy, matmulDesc, primitiveDescCreate, primitiveDescQuery,
            primitiveDescDestroy, primitiveCreate, primitiveDestroy, memoryCreate, memoryDestroy, setHandle, execute, streamWait,
            ompThreads;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
    /** The calling thread's activations, converted once per product for every worker to read. */
    private final ThreadLocal<Buffer> activations = ThreadLocal.withInitial(Buffer::new);
    /** A thread's decoded weight row, converted while it is still in L1. */
    private static final ThreadBuffer DECODED = new ThreadBuffer();
    /** Weights quantized to int8 at their first product and kept (int8 arithmetic). */
    private final Int8Operands.Kept int8Weights = new Int8Operands.Kept();

    private OneDnn(Arithmetic arithmetic, SymbolLookup lib, Linker linker) throws Throwable {
        this.arithmetic = arithmetic;
        MemorySegment version = ((MemorySegment) handle(lib, linker, "dnnl_version", FunctionDescriptor.of(A)).invokeExact())
                .reinterpret(64);
        int major = version.get(I, 0), runtime = version.get(I, 24);
        if (major != 2 && major != 3) throw new IllegalStateException("oneDNN " + major + ".x found; dilate binds oneDNN 2.x and 3.x");
        v3 = major == 3;
        streamCreate = handle(lib, linker, "dnnl_stream_create", FunctionDescriptor.of(I, A, A, I));
        // (descriptor, ndims, dims, data type, strides): 2.x fills the descriptor, 3.x writes a handle to it.
        descByStrides = handle(lib, linker, v3 ? "dnnl_memory_desc_create_with_strides" : "dnnl_memory_desc_init_by_strides",
                FunctionDescriptor.of(I, A, I, A, I, A));
        descDestroy = v3 ? handle(lib, linker, "dnnl_memory_desc_destroy", FunctionDescriptor.of(I, A)) : null;
        matmulDesc = v3 ? null : handle(lib, linker, "dnnl_matmul_desc_init", FunctionDescriptor.of(I, A, A, A, A, A));
        primitiveDescCreate = v3
                ? handle(lib, linker, "dnnl_matmul_primitive_desc_create", FunctionDescriptor.of(I, A, A, A, A, A, A, A))
                : handle(lib, linker, "dnnl_primitive_desc_create", FunctionDescriptor.of(I, A, A, A, A, A));
        primitiveDescQuery = handle(lib, linker, "dnnl_primitive_desc_query", FunctionDescriptor.of(I, A, I, I, A));
        primitiveDescDestroy = handle(lib, linker, "dnnl_primitive_desc_destroy", FunctionDescriptor.of(I, A));
        primitiveCreate = handle(lib, linker, "dnnl_primitive_create", FunctionDescriptor.of(I, A, A));
        primitiveDestroy = handle(lib, linker, "dnnl_primitive_destroy", FunctionDescriptor.of(I, A));
        memoryCreate = handle(lib, linker, "dnnl_memory_create", FunctionDescriptor.of(I, A, A, A, A));
        memoryDestroy = handle(lib, linker, "dnnl_memory_destroy", FunctionDescriptor.of(I, A));
        setHandle = handle(lib, linker, "dnnl_memory_set_data_handle", FunctionDescriptor.of(I, A, A));
        execute = handle(lib, linker, "dnnl_primitive_execute", FunctionDescriptor.of(I, A, A, I, A));
        streamWait = handle(lib, linker, "dnnl_stream_wait", FunctionDescriptor.of(I, A));
        ompThreads = runtime == RUNTIME_OMP
                ? handle(SymbolLookup.libraryLookup(GOMP, Arena.global()), linker, "omp_set_num_threads", FunctionDescriptor.ofVoid(I))
                : null;
        MemorySegment out = Arena.global().allocate(A);
        check("dnnl_engine_create", (int) handle(lib, linker, "dnnl_engine_create", FunctionDescriptor.of(I, A, I, J))
                .invokeExact(out, CPU, 0L));
        engine = out.get(A, 0);
        String implementation = implementation();
        // Without VNNI (or AMX) oneDNN multiplies int8 with vpmaddubsw, whose int16 pair sums saturate on full-range operands.
        if (arithmetic == Arithmetic.INT8 && !implementation.contains("vnni") && !implementation.contains("amx"))
            throw new NativeKernel.Unavailable("oneDNN: int8 would run on " + implementation + ", without VNNI: its int16 sums can saturate");
        bf16Attention = arithmetic != Arithmetic.FP32 && runsBf16();
        description = "oneDNN " + major + "." + version.get(I, 4) + "." + version.get(I, 8) + " " + implementation + ", "
                + arithmetic.description + (bf16Attention ? "; attention's products in bf16" : "");
    }

    /**
     * Loads oneDNN 3.x ({@code libdnnl.so.3}) or 2.x ({@code libdnnl.so.2}; Debian 12: {@code apt-get install libdnnl2}).
     *
     * @param arithmetic what the library multiplies in
     * @throws NativeKernel.Unavailable if it is not installed, or has no such matmul for this CPU
     * @throws IllegalStateException naming the library and why, if it fails otherwise
     */
    public static OneDnn load(Arithmetic arithmetic) {
        for (String name : LIBRARIES) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                continue;
            }
            try {
                return new OneDnn(arithmetic, lib, Linker.nativeLinker());
            } catch (IllegalStateException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("oneDNN: setting up " + name + " failed: " + t, t);
            }
        }
        throw new NativeKernel.Unavailable("oneDNN: cannot load " + String.join(" or ", LIBRARIES)
                + " (Debian 12: apt-get install libdnnl2); unset dilate.blas / DILATE_BLAS to use the Java kernels");
    }

    private static MethodHandle handle(SymbolLookup lib, Linker linker, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException("oneDNN has no " + name)), fd);
    }

    /** dnnl_status_t's names; "unimplemented" is what a CPU without the instructions a type needs gets. */
    private static final String[] STATUS = {"success", "out of memory", "invalid arguments", "unimplemented (not on this CPU?)",
            "iterator ends", "runtime error", "not required"};

    private static final int UNIMPLEMENTED = 3;

    private static void check(String call, int status) {
        if (status == 0) return;
        String message = "oneDNN " + call + " failed: " + (status < STATUS.length ? STATUS[status] : "status " + status);
        throw status == UNIMPLEMENTED ? new NativeKernel.Unavailable(message) : new IllegalStateException(message);
    }

    @Override
    public String description() { return description; }

    @Override
    public boolean approximate() { return arithmetic != Arithmetic.FP32; }

    /** A call's overhead is microseconds, and over 32 tokens oneDNN still ran at 1.1x (fp32), 2.2x (bf16) and 5x (int8) the tiles' rate. */
    @Override
    public int minTokens() { return 16; }

    /** The implementation oneDNN dispatches to on this CPU for a typical product, such as {@code brg:avx512_core_bf16}. */
    private String implementation() throws Throwable {
        return workers.get().primitive(arithmetic, 64, 256, 64).implementation;
    }

    /** Whether oneDNN multiplies in bf16 on this CPU with its own instructions (not emulated, which gains nothing). */
    private boolean runsBf16() {
        try {
            String implementation = workers.get().primitive(Arithmetic.BF16, 64, 256, 64).implementation;
            return implementation.contains("bf16") || implementation.contains("amx");
        } catch (NativeKernel.Unavailable notHere) {
            return false;
        }
    }

    /**
     * Attention's products (scores Q K^T, then P V, one head per job) in bf16 with fp32 sums, in
     * the approximate arithmetics: both operands are rounded once per product, a small cost
     * next to its tokens x rows x k multiply-adds.
     */
    @Override
    public boolean multiplySerial(float[] w, int wo, int rows, int k, float[] x, int xo, int tokens, float[] y, int yo) {
        if (!bf16Attention) return false;
        Worker worker = workers.get();
        MemorySegment weights = worker.panel.reserve(2L * rows * k);
        Quantize.bf16(w, wo, weights, 0, rows * k);
        // Tokens in chunks, so that a long canvas's scores (tokens x keys) do not grow the per-thread buffers past the outputs' cap.
        int chunk = (int) Math.max(1, Math.min(tokens, OUTPUT_BYTES / 4 / Math.max(rows, k)));
        for (int t = 0; t < tokens; t += chunk) {
            int n = Math.min(chunk, tokens - t);
            MemorySegment src = worker.operand.reserve(2L * n * k), dst = worker.output.reserve(4L * n * rows);
            Quantize.bf16(x, xo + t * k, src, 0, n * k);
            worker.primitive(Arithmetic.BF16, n, k, rows).run(worker.stream, src, weights, dst);
            MemorySegment.copy(dst, ValueLayout.JAVA_FLOAT, 0, y, yo + t * rows, n * rows);
        }
        return true;
    }

    /**
     * y (T x W.rows) = x (T x W.cols) times W transposed. Each compute thread multiplies its own
     * rows: in int8 from the kept int8 copy; BF16 weights in bf16 (and F32 in fp32) straight from
     * the mapped file; other types decoded into a native panel first. Results land in a native
     * buffer and are copied into y (int8's scaled back to floats on the way).
     */
    @Override
    public void multiply(Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        MemorySegment src = activations.get().reserve((long) tokens * k * arithmetic.bytes);
        float[] tokenScales = new float[tokens];
        Parallel.forRange(tokens, 8, (from, to) -> {
            for (int t = from; t < to; t++) tokenScales[t] = write(x, t * k, k, src, (long) t * k * arithmetic.bytes);
        });
        Int8Operands.Weights int8 = arithmetic == Arithmetic.INT8 ? int8Weights.of(w) : null;
        MemorySegment stored = int8 != null ? int8.rows() : w.data();
        long rowBytes = int8 != null ? k : w.rowBytes();
        boolean direct = int8 != null || (w.data().isNative() && w.type() == arithmetic.inPlace);
        int panelRows = (int) Math.max(1, Math.min(direct ? n : PANEL_BYTES / arithmetic.bytes / k, OUTPUT_BYTES / 4 / tokens));
        Parallel.forRange(n, 16, (from, to) -> {
            Worker worker = workers.get();
            for (int o = from; o < to; o += panelRows) {
                int rows = Math.min(panelRows, to - o);
                MemorySegment weights = direct ? stored.asSlice(o * rowBytes, rows * rowBytes) : worker.decode(w, o, rows);
                MemorySegment dst = worker.output.reserve((long) tokens * rows * 4);
                worker.primitive(arithmetic, tokens, k, rows).run(worker.stream, src, weights, dst);
                if (int8 != null) Int8Operands.scaleSums(dst, tokens, rows, tokenScales, int8.scales(), o, y, n);
                else for (int t = 0; t < tokens; t++)
                    MemorySegment.copy(dst, ValueLayout.JAVA_FLOAT, (long) t * rows * 4, y, t * n + o, rows);
            }
        });
    }

    /** A growable native buffer. */
    private static final class Buffer {
        private MemorySegment segment = MemorySegment.NULL;

        MemorySegment reserve(long bytes) {
            if (segment.byteSize() < bytes) segment = Arena.ofAuto().allocate(bytes, 64);
            return segment;
        }
    }

    /**
     * from[off..off+n), one operand row, into native memory from byte {@code at}, in this
     * kernel's arithmetic: fp32, bf16 (rounded to nearest even) or int8.
     *
     * @return the scale the row's int8 values are to be multiplied by (1 in the other arithmetics)
     */
    private float write(float[] from, int off, int n, MemorySegment to, long at) {
        switch (arithmetic) {
            case FP32 -> MemorySegment.copy(from, off, to, ValueLayout.JAVA_FLOAT, at, n);
            case BF16 -> Quantize.bf16(from, off, to, at, n);
            case INT8 -> { return Int8Operands.quantize(from, off, to, at, n); }
        }
        return 1;
    }

    /** A compute thread's stream, primitives by shape, and native buffers. */
    private final class Worker {
        final MemorySegment stream;
        final Map<Long, Primitive> primitives = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Primitive> eldest) {
                if (size() <= SHAPES_KEPT) return false;
                eldest.getValue().close();
                return true;
            }
        };
        final Buffer panel = new Buffer(), operand = new Buffer(), output = new Buffer();

        Worker() {
            try {
                if (ompThreads != null) ompThreads.invokeExact(1);
                MemorySegment out = Arena.global().allocate(A);
                check("dnnl_stream_create", (int) streamCreate.invokeExact(out, engine, STREAM_DEFAULT));
                stream = out.get(A, 0);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("oneDNN: creating a stream failed", t);
            }
        }

        /**
         * Rows o..o+rows of w decoded into this thread's native panel, in the kernel's arithmetic,
         * a row at a time so that the decoded floats are still in L1 when they are rounded or
         * copied (a whole panel of floats would spill past L2 between the two passes).
         */
        MemorySegment decode(Matrix w, int o, int rows) {
            assert arithmetic != Arithmetic.INT8 : "int8 reads its kept copy; a panel would lose the rows' scales";
            int k = w.cols();
            float[] row = DECODED.floats(k);
            long rowBytes = (long) k * arithmetic.bytes;
            MemorySegment s = panel.reserve(rows * rowBytes);
            for (int r = 0; r < rows; r++) {
                w.row(o + r, row, 0);
                write(row, 0, k, s, r * rowBytes);
            }
            return s;
        }

        Primitive primitive(Arithmetic a, int tokens, int k, int rows) {
            long key = ((long) a.ordinal() << 62) | ((long) tokens << 42) | ((long) k << 21) | rows;
            Primitive p = primitives.get(key);
            if (p == null) primitives.put(key, p = new Primitive(a, tokens, k, rows));
            return p;
        }
    }

    /** One matmul shape, x (tokens x k) times w (rows x k, row-major) transposed into dst (tokens x rows), bound to its memory objects. */
    private final class Primitive {
        final MemorySegment primitive, src, weights, dst, args;
        final String implementation;
        /** Descriptors and arguments; confined, since only the owning thread creates, runs and closes it. */
        private final Arena arena = Arena.ofConfined();

        Primitive(Arithmetic arithmetic, int tokens, int k, int rows) {
            int type = arithmetic.type;
            try {
                MemorySegment srcMd = desc(arena, tokens, k, k, 1, type);
                MemorySegment weightsMd = desc(arena, k, rows, 1, k, type);
                MemorySegment dstMd = desc(arena, tokens, rows, rows, 1, arithmetic.sumType);
                MemorySegment out = arena.allocate(A);
                if (v3) {
                    check("dnnl_matmul_primitive_desc_create", (int) primitiveDescCreate.invokeExact(out, engine, srcMd, weightsMd,
                            MemorySegment.NULL, dstMd, MemorySegment.NULL));
                } else {
                    MemorySegment op = arena.allocate(MATMUL_DESC_BYTES, 64);
                    check("dnnl_matmul_desc_init", (int) matmulDesc.invokeExact(op, srcMd, weightsMd, MemorySegment.NULL, dstMd));
                    check("dnnl_primitive_desc_create",
                            (int) primitiveDescCreate.invokeExact(out, op, MemorySegment.NULL, engine, MemorySegment.NULL));
                }
                MemorySegment pd = out.get(A, 0);
                check("dnnl_primitive_desc_query", (int) primitiveDescQuery.invokeExact(pd, QUERY_IMPL_INFO, 0, out));
                implementation = out.get(A, 0).reinterpret(128).getString(0);
                check("dnnl_primitive_create", (int) primitiveCreate.invokeExact(out, pd));
                primitive = out.get(A, 0);
                check("dnnl_primitive_desc_destroy", (int) primitiveDescDestroy.invokeExact(pd));
                src = memory(arena, srcMd);
                weights = memory(arena, weightsMd);
                dst = memory(arena, dstMd);
                if (v3) for (MemorySegment md : new MemorySegment[] {srcMd, weightsMd, dstMd})
                    check("dnnl_memory_desc_destroy", (int) descDestroy.invokeExact(md));
                // dnnl_exec_arg_t: {int arg; dnnl_memory_t memory;}, 16 bytes.
                args = arena.allocate(MemoryLayout.sequenceLayout(3, MemoryLayout.structLayout(I, MemoryLayout.paddingLayout(4), A)));
                int[] ids = {ARG_SRC, ARG_WEIGHTS, ARG_DST};
                MemorySegment[] memories = {src, weights, dst};
                for (int i = 0; i < 3; i++) {
                    args.set(I, 16L * i, ids[i]);
                    args.set(A, 16L * i + 8, memories[i]);
                }
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            } catch (Throwable t) {
                arena.close();
                throw new IllegalStateException("oneDNN: creating a " + tokens + "x" + k + "x" + rows + " matmul failed", t);
            }
        }

        /** A 2-d memory descriptor: in 2.x the struct itself, in 3.x the handle the library made (destroyed once used). */
        private MemorySegment desc(Arena arena, long d0, long d1, long s0, long s1, int type) throws Throwable {
            MemorySegment md = arena.allocate(v3 ? A.byteSize() : MEMORY_DESC_BYTES, 64);
            MemorySegment dims = arena.allocate(J, 12), strides = arena.allocate(J, 12);
            dims.setAtIndex(J, 0, d0);
            dims.setAtIndex(J, 1, d1);
            strides.setAtIndex(J, 0, s0);
            strides.setAtIndex(J, 1, s1);
            check("dnnl_memory_desc_init_by_strides", (int) descByStrides.invokeExact(md, 2, dims, type, strides));
            return v3 ? md.get(A, 0) : md;
        }

        private MemorySegment memory(Arena arena, MemorySegment md) throws Throwable {
            MemorySegment out = arena.allocate(A);
            check("dnnl_memory_create", (int) memoryCreate.invokeExact(out, md, engine, MemorySegment.NULL));
            return out.get(A, 0);
        }

        /** Frees the library's objects and the descriptors. */
        void close() {
            try {
                for (MemorySegment memory : new MemorySegment[] {src, weights, dst})
                    check("dnnl_memory_destroy", (int) memoryDestroy.invokeExact(memory));
                check("dnnl_primitive_destroy", (int) primitiveDestroy.invokeExact(primitive));
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("oneDNN: freeing a matmul failed", t);
            } finally {
                arena.close();
            }
        }

        /** dst = x w^T on the calling thread's stream. */
        void run(MemorySegment stream, MemorySegment x, MemorySegment w, MemorySegment y) {
            try {
                check("dnnl_memory_set_data_handle", (int) setHandle.invokeExact(src, x));
                check("dnnl_memory_set_data_handle", (int) setHandle.invokeExact(weights, w));
                check("dnnl_memory_set_data_handle", (int) setHandle.invokeExact(dst, y));
                check("dnnl_primitive_execute", (int) execute.invokeExact(primitive, stream, 3, args));
                check("dnnl_stream_wait", (int) streamWait.invokeExact(stream));
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("oneDNN matmul failed", t);
            }
        }
    }

    @Override
    public String toString() { return description; }
}
