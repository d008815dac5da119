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

    public static GGUFFile open(Path path) { return GGUFReader.read(path); }

    public Path path() { return path; }
    public int version() { return version; }
    public Map<String, Object> metadata() { return metadata; }
    public Map<String, TensorInfo> tensors() { return tensors; }
    public long fileSize() { return file.byteSize(); }

    /** The GGUF value type name of a metadata key (u32, string, array, ...). */
    public String metadataType(String key) { return GGUF.typeName(metadataTypes.getOrDefault(key, -1)); }

    public boolean has(String key) { return metadata.containsKey(key); }

    public String string(String key) {
        Object v = required(key);
        if (!(v instanceof String s)) throw wrongType(key, "a string");
        return s;
    }

    public long integer(String key) {
        Object v = required(key);
        if (!(v instanceof Long l)) throw wrongType(key, "an integer");
        return l;
    }

    public long integer(String key, long fallback) { return has(key) ? integer(key) : fallback; }

    public double number(String key, double fallback) {
        if (!has(key)) return fallback;
        Object v = metadata.get(key);
        if (!(v instanceof Number n)) throw wrongType(key, "a number");
        return n.doubleValue();
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        Object v = metadata.get(key);
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
        throw wrongType(key, "a bool");
    }

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

    public boolean hasTensor(String name) { return tensors.containsKey(name); }

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
