package dev.dilate.format;

import dev.dilate.tensor.GGMLType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a GGUF v3 file: maps the whole file (any size) and parses the header in place. Every read
 * is bounds-checked against the file, so a truncated or corrupt file fails with a message naming
 * the file, the byte offset and what was being read, never with a crash or a huge allocation.
 */
final class GGUFReader {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int MAX_DIMS = 4, MAX_DEPTH = 4;

    private final Path path;
    private final MemorySegment file;
    private long pos;

    private GGUFReader(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
    }

    static GGUFFile read(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new GGUFReader(path, seg).parse(arena);
        } catch (IOException e) {
            arena.close();
            throw new IllegalArgumentException(path + ": cannot read GGUF file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private GGUFFile parse(Arena arena) {
        if (file.byteSize() < 24) throw error("file is " + file.byteSize() + " bytes, too short for a GGUF header");
        int magic = file.get(I32, 0);
        if (magic != GGUF.MAGIC) throw error(String.format("wrong magic 0x%08x, expected \"GGUF\" (this is not a GGUF file)", magic));
        pos = 4;
        int version = u32("version");
        if (version != 3 && version != 2) throw error("GGUF version " + version + " is not supported (dilate reads version 3, and 2)");
        long tensorCount = count("tensor count", 8 + 8 + 8 + 4 + 8);
        long kvCount = count("metadata count", 8 + 4 + 1);
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, Integer> metaTypes = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string("metadata key " + i);
            int type = u32("type of " + key);
            if (meta.containsKey(key)) throw error("metadata key '" + key + "' appears twice");
            metaTypes.put(key, type);
            meta.put(key, value(type, key, 0));
        }
        long alignment = 32;
        if (meta.containsKey("general.alignment")) {
            alignment = ((Number) meta.get("general.alignment")).longValue();
            if (alignment <= 0 || alignment > 1 << 20 || (alignment & (alignment - 1)) != 0)
                throw error("general.alignment = " + alignment + " is not a power of two");
        }
        List<GGUFFile.TensorInfo> infos = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string("tensor name " + i);
            int nDims = u32("dimension count of " + name);
            if (nDims < 1 || nDims > MAX_DIMS) throw error("tensor " + name + " has " + nDims + " dimensions (1 to 4 allowed)");
            long[] dims = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = u64("dimension " + d + " of " + name);
                if (dims[d] <= 0 || dims[d] > (1L << 40)) throw error("tensor " + name + " has impossible dimension " + dims[d]);
                if (elements > (1L << 42) / dims[d]) throw error("tensor " + name + " has an impossible number of elements");
                elements *= dims[d];
            }
            int typeId = u32("type of " + name);
            GGMLType type;
            try {
                type = GGMLType.fromId(typeId);
            } catch (IllegalArgumentException e) {
                throw error("tensor " + name + ": " + e.getMessage());
            }
            long offset = u64("offset of " + name);
            if (dims[0] % type.blockSize != 0) throw error("tensor " + name + ": first dimension " + dims[0] + " is not a multiple of " + type + "'s block size " + type.blockSize);
            infos.add(new GGUFFile.TensorInfo(name, type, dims, offset, type.bytes(elements)));
        }
        long dataStart = (pos + alignment - 1) / alignment * alignment;
        Map<String, GGUFFile.TensorInfo> tensors = new LinkedHashMap<>();
        for (GGUFFile.TensorInfo t : infos) {
            if (tensors.containsKey(t.name())) throw error("tensor '" + t.name() + "' appears twice");
            if (t.offset() % alignment != 0) throw error("tensor " + t.name() + " offset " + t.offset() + " is not aligned to " + alignment);
            long end = dataStart + t.offset() + t.bytes();
            if (t.offset() < 0 || end > file.byteSize() || end < 0)
                throw error("tensor " + t.name() + " (" + t.bytes() + " bytes at data offset " + t.offset() + ") runs past the end of the file (" + file.byteSize() + " bytes): truncated?");
            tensors.put(t.name(), t);
        }
        return new GGUFFile(path, version, meta, metaTypes, tensors, file, dataStart, arena);
    }

    private Object value(int type, String key, int depth) {
        return switch (type) {
            case GGUF.U8 -> (long) (bytes(1, key)[0] & 0xFF);
            case GGUF.I8 -> (long) bytes(1, key)[0];
            case GGUF.U16 -> (long) (file.get(ValueLayout.JAVA_SHORT_UNALIGNED, need(2, key)) & 0xFFFF);
            case GGUF.I16 -> (long) file.get(ValueLayout.JAVA_SHORT_UNALIGNED, need(2, key));
            case GGUF.U32 -> Integer.toUnsignedLong(file.get(I32, need(4, key)));
            case GGUF.I32 -> (long) file.get(I32, need(4, key));
            case GGUF.F32 -> file.get(ValueLayout.JAVA_FLOAT_UNALIGNED, need(4, key));
            case GGUF.BOOL -> {
                byte b = bytes(1, key)[0];
                if (b != 0 && b != 1) throw error("metadata '" + key + "': bool byte " + b + " is neither 0 nor 1");
                yield b == 1;
            }
            case GGUF.STRING -> string(key);
            case GGUF.U64, GGUF.I64 -> file.get(I64, need(8, key));
            case GGUF.F64 -> file.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, need(8, key));
            case GGUF.ARRAY -> {
                if (depth >= MAX_DEPTH) throw error("metadata '" + key + "': arrays nested deeper than " + MAX_DEPTH);
                int elemType = u32("element type of " + key);
                long n = count("length of " + key, 1);
                List<Object> list = new ArrayList<>((int) Math.min(n, 1 << 16));
                for (long i = 0; i < n; i++) list.add(value(elemType, key, depth + 1));
                yield list;
            }
            default -> throw error("metadata '" + key + "' has unknown value type " + type);
        };
    }

    private long need(int n, String what) {
        if (pos + n > file.byteSize()) throw error("truncated: needs " + n + " more bytes at offset " + pos + " while reading " + what);
        long at = pos;
        pos += n;
        return at;
    }

    private byte[] bytes(int n, String what) {
        long at = need(n, what);
        return file.asSlice(at, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private int u32(String what) { return file.get(I32, need(4, what)); }

    private long u64(String what) { return file.get(I64, need(8, what)); }

    /** A count that must be plausible: each counted item takes at least {@code minBytes} of the rest of the file. */
    private long count(String what, int minBytes) {
        long n = u64(what);
        long left = file.byteSize() - pos;
        if (n < 0 || n > left / minBytes) throw error(what + " is " + Long.toUnsignedString(n) + ", impossible for a file with " + left + " bytes left (truncated or corrupt?)");
        return n;
    }

    private String string(String what) {
        long len = u64("length of " + what);
        if (len < 0 || len > file.byteSize() - pos) throw error("string length " + Long.toUnsignedString(len) + " of " + what + " runs past the end of the file");
        if (len > Integer.MAX_VALUE - 8) throw error("string of " + len + " bytes is too long (" + what + ")");
        byte[] b = bytes((int) len, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8");
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(path + ": " + message);
    }
}
