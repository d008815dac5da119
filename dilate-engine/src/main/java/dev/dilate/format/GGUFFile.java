package dev.dilate.format;

import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Matrix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An open GGUF file: its metadata and its tensors, read in place from the mapping (weights are
 * never copied). Close it to unmap.
 */
public final class GGUFFile implements AutoCloseable {

    /** A tensor's header entry; dims are innermost first (ne0 = row length). */
    public record TensorInfo(String name, GGMLType type, long[] dims, long offset, long bytes) {
        /** Number of values, the product of the dims. */
        public long elements() {
            long n = 1;
            for (long d : dims) n *= d;
            return n;
        }
    }

    private final Path path;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, Integer> metadataTypes;
    private final Map<String, TensorInfo> tensors;
    private final MemorySegment file;
    private final long dataStart;
    private final Arena arena;

    GGUFFile(Path path, int version, Map<String, Object> metadata, Map<String, Integer> metadataTypes,
             Map<String, TensorInfo> tensors, MemorySegment file, long dataStart, Arena arena) {
        this.path = path;
        this.version = version;
        this.metadata = metadata;
        this.metadataTypes = metadataTypes;
        this.tensors = tensors;
        this.file = file;
        this.dataStart = dataStart;
        this.arena = arena;
    }

    /**
     * Maps a GGUF v3 (or v2) file and parses its header; tensors stay in the mapping.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or its header is not
     *         well-formed (wrong magic, unsupported version or tensor type, truncated, inconsistent)
     */
    public static GGUFFile open(Path path) { return GGUFReader.read(path); }

    /** The file it was opened from. */
    public Path path() { return path; }
    /** The file's GGUF version, 3 or 2. */
    public int version() { return version; }
    /**
     * Every metadata value by key, in file order: integers of any width as {@code Long}, f32 as
     * {@code Float}, f64 as {@code Double}, bools as {@code Boolean}, strings, and arrays as {@code List}s.
     */
    public Map<String, Object> metadata() { return metadata; }
    /** Tensor header entries by name, in file order. */
    public Map<String, TensorInfo> tensors() { return tensors; }
    /** Size of the mapped file, in bytes. */
    public long fileSize() { return file.byteSize(); }

    /** The GGUF value type name of a metadata key (u32, string, array, ...). */
    public String metadataType(String key) { return GGUF.typeName(metadataTypes.getOrDefault(key, -1)); }

    /** True when the metadata has {@code key}. */
    public boolean has(String key) { return metadata.containsKey(key); }

    /** A string value; throws IllegalArgumentException if the key is missing or holds something else. */
    public String string(String key) {
        Object v = required(key);
        if (!(v instanceof String s)) throw wrongType(key, "a string");
        return s;
    }

    /** An integer value of any width, as a long; throws IllegalArgumentException if the key is missing or holds something else. */
    public long integer(String key) {
        Object v = required(key);
        if (!(v instanceof Long l)) throw wrongType(key, "an integer");
        return l;
    }

    /** As {@link #integer(String)}, or {@code fallback} when the key is missing. */
    public long integer(String key, long fallback) { return has(key) ? integer(key) : fallback; }

    /** An integer or float value as a double, or {@code fallback} when the key is missing; throws IllegalArgumentException for a non-number. */
    public double number(String key, double fallback) {
        if (!has(key)) return fallback;
        Object v = metadata.get(key);
        if (!(v instanceof Number n)) throw wrongType(key, "a number");
        return n.doubleValue();
    }

    /**
     * A bool value, the strings {@code "true"} and {@code "false"} accepted too, or {@code fallback}
     * when the key is missing.
     *
     * @throws IllegalArgumentException if the value is neither
     */
    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        Object v = metadata.get(key);
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
        throw wrongType(key, "a bool");
    }

    /** An array value, elements typed as in {@link #metadata()}; throws IllegalArgumentException if the key is missing or holds something else. */
    public List<?> array(String key) {
        Object v = required(key);
        if (!(v instanceof List<?> l)) throw wrongType(key, "an array");
        return l;
    }

    private Object required(String key) {
        Object v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException(path + ": missing metadata key '" + key + "'");
        return v;
    }

    private IllegalArgumentException wrongType(String key, String expected) {
        return new IllegalArgumentException(path + ": metadata '" + key + "' should be " + expected + ", is " + metadataType(key));
    }

    /** True when the file has a tensor called {@code name}. */
    public boolean hasTensor(String name) { return tensors.containsKey(name); }

    /** A tensor's header entry; throws IllegalArgumentException if the file has no such tensor. */
    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(path + ": missing tensor '" + name + "'");
        return t;
    }

    /** The raw bytes of a tensor, in place. */
    public MemorySegment data(String name) {
        TensorInfo t = tensor(name);
        return file.asSlice(dataStart + t.offset(), t.bytes());
    }

    /** A 2-D tensor as a matrix of ne1 rows of ne0 values, checked against the expected shape. */
    public Matrix matrix(String name, long rows, long cols) {
        TensorInfo t = tensor(name);
        long r = t.dims().length > 1 ? t.dims()[1] : 1;
        for (int d = 2; d < t.dims().length; d++) r *= t.dims()[d];
        if (t.dims()[0] != cols || r != rows)
            throw new IllegalArgumentException(path + ": tensor " + name + " has shape " + java.util.Arrays.toString(t.dims())
                    + " (innermost first), expected {" + cols + ", " + rows + "}");
        return new Matrix(name, t.type(), Math.toIntExact(rows), Math.toIntExact(cols), data(name));
    }

    /** A 1-D tensor decoded to floats, checked against the expected length. */
    public float[] vector(String name, long length) {
        return matrix(name, 1, length).row(0);
    }

    @Override
    public void close() { arena.close(); }
}
