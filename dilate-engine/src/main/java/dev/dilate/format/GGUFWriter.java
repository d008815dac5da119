package dev.dilate.format;

import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Quantize;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files: typed metadata, then tensors aligned to 32 bytes. Tensor bytes come from
 * a callback so that converting a large checkpoint never holds more than one tensor in memory.
 * The file is written to a temporary name and moved into place, so a killed write leaves no
 * half-written model behind.
 */
public final class GGUFWriter {

    /** Writes exactly a tensor's bytes. */
    @FunctionalInterface
    public interface TensorData { void writeTo(OutputStream out) throws IOException; }

    private record Entry(int type, Object value, int elemType) {}
    private record Tensor(String name, GGMLType type, long[] dims, long bytes, TensorData data) {}

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /**
     * Adds a string value. Keys are written in the order they are put; every put throws
     * IllegalArgumentException for a key that is set already.
     */
    public GGUFWriter putString(String key, String v) { return put(key, GGUF.STRING, v, -1); }
    /** Adds a u32 value: the low 32 bits of {@code v}. */
    public GGUFWriter putU32(String key, long v) { return put(key, GGUF.U32, v, -1); }
    /** Adds an i32 value: the low 32 bits of {@code v}. */
    public GGUFWriter putI32(String key, long v) { return put(key, GGUF.I32, v, -1); }
    /** Adds a u64 value. */
    public GGUFWriter putU64(String key, long v) { return put(key, GGUF.U64, v, -1); }
    /** Adds an f32 value, {@code v} rounded to float. */
    public GGUFWriter putF32(String key, double v) { return put(key, GGUF.F32, v, -1); }
    /** Adds a bool value. */
    public GGUFWriter putBool(String key, boolean v) { return put(key, GGUF.BOOL, v, -1); }
    /** Adds an array of strings. */
    public GGUFWriter putStrings(String key, List<String> v) { return put(key, GGUF.ARRAY, v, GGUF.STRING); }
    /** Adds an array of i32, each number's {@code intValue()}. */
    public GGUFWriter putI32s(String key, List<? extends Number> v) { return put(key, GGUF.ARRAY, v, GGUF.I32); }
    /** Adds an array of f32, each number's {@code floatValue()}. */
    public GGUFWriter putF32s(String key, List<? extends Number> v) { return put(key, GGUF.ARRAY, v, GGUF.F32); }

    private GGUFWriter put(String key, int type, Object v, int elemType) {
        if (metadata.containsKey(key)) throw new IllegalArgumentException("metadata key '" + key + "' set twice");
        metadata.put(key, new Entry(type, v, elemType));
        return this;
    }

    /** Adds a tensor from floats, encoded to {@code type}; dims innermost first. */
    public GGUFWriter tensor(String name, GGMLType type, long[] dims, float[] values) {
        byte[] bytes = Quantize.encode(type, values);
        return tensor(name, type, dims, bytes);
    }

    /** Adds a tensor from bytes already in {@code type}'s encoding. */
    public GGUFWriter tensor(String name, GGMLType type, long[] dims, byte[] bytes) {
        return tensor(name, type, dims, out -> out.write(bytes));
    }

    /**
     * Adds a tensor whose bytes {@code data} writes when the file is written; dims innermost first.
     *
     * @throws IllegalArgumentException unless there are 1 to 4 dims, the row length {@code dims[0]} is
     *         a multiple of the type's block size, and no tensor of this name was added before
     */
    public GGUFWriter tensor(String name, GGMLType type, long[] dims, TensorData data) {
        long n = 1;
        for (long d : dims) n *= d;
        if (dims.length < 1 || dims.length > 4) throw new IllegalArgumentException("tensor " + name + ": 1 to 4 dimensions");
        if (dims[0] % type.blockSize != 0) throw new IllegalArgumentException("tensor " + name + ": row length " + dims[0] + " is not a multiple of " + type.blockSize);
        for (Tensor t : tensors) if (t.name.equals(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        tensors.add(new Tensor(name, type, dims.clone(), type.bytes(n), data));
        return this;
    }

    /**
     * Writes the metadata and the tensors, in the order added, to {@code path}.partial, then moves it
     * onto {@code path}; each tensor's data is asked for its bytes once, here.
     *
     * @throws IllegalArgumentException if the file cannot be written or moved into place
     * @throws IllegalStateException    if a tensor's data writes a different number of bytes than its
     *         type and dims need
     */
    public void write(Path path) {
        Path tmp = path.resolveSibling(path.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            Counting c = new Counting(out);
            c.i32(GGUF.MAGIC);
            c.i32(GGUF.VERSION);
            c.i64(tensors.size());
            c.i64(metadata.size());
            for (Map.Entry<String, Entry> e : metadata.entrySet()) {
                c.string(e.getKey());
                c.i32(e.getValue().type);
                value(c, e.getValue().type, e.getValue().value, e.getValue().elemType);
            }
            long offset = 0;
            for (Tensor t : tensors) {
                c.string(t.name);
                c.i32(t.dims.length);
                for (long d : t.dims) c.i64(d);
                c.i32(t.type.id);
                c.i64(offset);
                offset = align(offset + t.bytes);
            }
            c.pad(align(c.count) - c.count);
            for (Tensor t : tensors) {
                long before = c.count;
                t.data.writeTo(c);
                if (c.count - before != t.bytes)
                    throw new IllegalStateException("tensor " + t.name + " wrote " + (c.count - before) + " bytes, expected " + t.bytes);
                c.pad(align(c.count) - c.count);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot write GGUF file: " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot move the written file into place: " + e.getMessage(), e);
        }
    }

    private static long align(long n) { return (n + GGUF.DEFAULT_ALIGNMENT - 1) / GGUF.DEFAULT_ALIGNMENT * GGUF.DEFAULT_ALIGNMENT; }

    private static void value(Counting c, int type, Object v, int elemType) throws IOException {
        switch (type) {
            case GGUF.STRING -> c.string((String) v);
            case GGUF.U32, GGUF.I32 -> c.i32(((Number) v).intValue());
            case GGUF.U64 -> c.i64(((Number) v).longValue());
            case GGUF.F32 -> c.i32(Float.floatToIntBits(((Number) v).floatValue()));
            case GGUF.BOOL -> c.write((Boolean) v ? 1 : 0);
            case GGUF.ARRAY -> {
                List<?> list = (List<?>) v;
                c.i32(elemType);
                c.i64(list.size());
                for (Object o : list) value(c, elemType, o, -1);
            }
            default -> throw new IllegalStateException("unwritable metadata type " + type);
        }
    }

    /** Little-endian primitives over a stream, counting bytes for alignment. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long count;

        Counting(OutputStream out) { this.out = out; }

        @Override public void write(int b) throws IOException { out.write(b); count++; }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); count += len; }

        void i32(int v) throws IOException { scratch.clear(); scratch.putInt(v); write(scratch.array(), 0, 4); }
        void i64(long v) throws IOException { scratch.clear(); scratch.putLong(v); write(scratch.array(), 0, 8); }
        void string(String s) throws IOException { byte[] b = s.getBytes(StandardCharsets.UTF_8); i64(b.length); write(b, 0, b.length); }
        void pad(long n) throws IOException { for (long i = 0; i < n; i++) write(0); }
    }
}
