package dev.dilate.format;

import dev.dilate.tensor.Matrix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * One open safetensors file: an 8-byte little-endian header length, a JSON header, then the data
 * buffer. The whole file is mapped (any size) and tensors are read in place; tensor starts need
 * not be aligned. Close it to unmap.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** A header entry; begin and end are byte offsets into the data buffer, end exclusive. */
    public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        /** Number of values, the product of the shape (1 for a scalar). */
        public long elements() { return Arrays.stream(shape).reduce(1, (a, b) -> a * b); }
    }

    private final Path path;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final MemorySegment file;
    private final long dataStart;
    private final Arena arena;

    private SafetensorsFile(Path path, SafetensorsHeader.Parsed header, MemorySegment file, long dataStart, Arena arena) {
        this.path = path;
        this.tensors = header.tensors();
        this.metadata = header.metadata();
        this.file = file;
        this.dataStart = dataStart;
        this.arena = arena;
    }

    /**
     * Maps the file and parses its header.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read, its header length is
     *         absurd or runs past the end, or the header is not valid safetensors JSON
     */
    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            if (seg.byteSize() < 8) throw new IllegalArgumentException(path + ": file is " + seg.byteSize() + " bytes, too short for a safetensors header");
            long n = seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            if (n < 0 || n > SafetensorsHeader.MAX_BYTES)
                throw new IllegalArgumentException(path + ": header length " + Long.toUnsignedString(n) + " is absurd (limit " + SafetensorsHeader.MAX_BYTES + " bytes): not a safetensors file?");
            if (8 + n > seg.byteSize())
                throw new IllegalArgumentException(path + ": header length " + n + " runs past the end of the file (" + seg.byteSize() + " bytes): truncated?");
            byte[] json = seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            SafetensorsHeader.Parsed header = SafetensorsHeader.parse(path, json, seg.byteSize() - 8 - n);
            return new SafetensorsFile(path, header, seg, 8 + n, arena);
        } catch (IOException e) {
            arena.close();
            throw new IllegalArgumentException(path + ": cannot read safetensors file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The file it was opened from. */
    public Path path() { return path; }
    /** Header entries by tensor name, in header order. */
    public Map<String, TensorInfo> tensors() { return tensors; }
    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() { return metadata; }
    /** Size of the mapped file, in bytes. */
    public long fileSize() { return file.byteSize(); }

    /** A tensor's header entry; throws IllegalArgumentException if the file has no such tensor. */
    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(path + ": missing tensor '" + name + "'");
        return t;
    }

    /** The raw bytes of a tensor, in place. */
    public MemorySegment data(String name) {
        TensorInfo t = tensor(name);
        return file.asSlice(dataStart + t.begin(), t.end() - t.begin());
    }

    /**
     * A tensor of shape [rows, cols] (or [cols] when rows is 1) as a matrix over the mapped bytes;
     * its dtype must be F32, F16 or BF16.
     */
    public Matrix matrix(String name, long rows, long cols) {
        TensorInfo t = tensor(name);
        long[] want = rows == 1 && t.shape().length == 1 ? new long[] {cols} : new long[] {rows, cols};
        if (!Arrays.equals(t.shape(), want))
            throw new IllegalArgumentException(path + ": tensor " + name + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(want));
        if (t.dtype().weightType == null)
            throw new IllegalArgumentException(path + ": tensor " + name + " has dtype " + t.dtype() + ", which dilate cannot use as a weight (F32, F16, BF16)");
        return new Matrix(name, t.dtype().weightType, Math.toIntExact(rows), Math.toIntExact(cols), data(name));
    }

    /** A 1-D tensor decoded to floats, checked against the expected length. */
    public float[] vector(String name, long length) { return matrix(name, 1, length).row(0); }

    @Override
    public void close() { arena.close(); }
}
