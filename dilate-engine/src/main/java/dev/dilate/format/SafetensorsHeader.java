package dev.dilate.format;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and checks the JSON header of a safetensors file against the size of its data buffer.
 * The header is read with a streaming reader (never a generic tree), so that duplicate keys are
 * caught and no nesting depth or value size can exhaust the stack or the heap.
 */
final class SafetensorsHeader {
    /** The reference parser's limit. */
    static final long MAX_BYTES = 100_000_000;
    private static final int MAX_RANK = 8;
    private static final long MAX_DIM = 1L << 40;

    record Parsed(Map<String, SafetensorsFile.TensorInfo> tensors, Map<String, String> metadata) {}

    private final Path path;

    private SafetensorsHeader(Path path) { this.path = path; }

    static Parsed parse(Path path, byte[] json, long dataBytes) {
        return new SafetensorsHeader(path).parse(json, dataBytes);
    }

    private Parsed parse(byte[] json, long dataBytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw error("header is not valid UTF-8");
        }
        Map<String, SafetensorsFile.TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) throw error("header is not a JSON object");
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) throw error("key '" + name + "' appears twice in the header");
                if (name.equals("__metadata__")) metadata = metadata(r);
                else tensors.put(name, tensor(r, name, dataBytes));
            }
            r.endObject();
            r.peek();   // the strict reader fails here on anything but whitespace after the object
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw error("header is not valid safetensors JSON: " + e.getMessage());
        }
        checkNoOverlap(tensors);
        return new Parsed(tensors, metadata);
    }

    private Map<String, String> metadata(JsonReader r) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        expect(r, JsonToken.BEGIN_OBJECT, "__metadata__ should be an object of strings");
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            expect(r, JsonToken.STRING, "__metadata__ value of '" + key + "' should be a string");
            if (m.put(key, r.nextString()) != null) throw error("__metadata__ key '" + key + "' appears twice");
        }
        r.endObject();
        return m;
    }

    private SafetensorsFile.TensorInfo tensor(JsonReader r, String name, long dataBytes) throws IOException {
        expect(r, JsonToken.BEGIN_OBJECT, "tensor '" + name + "' should be an object with dtype, shape and data_offsets");
        r.beginObject();
        String dtypeName = null;
        long[] shape = null, offsets = null;
        Set<String> seen = new HashSet<>();
        while (r.hasNext()) {
            String key = r.nextName();
            if (!seen.add(key)) throw error("tensor '" + name + "': key '" + key + "' appears twice");
            switch (key) {
                case "dtype" -> {
                    expect(r, JsonToken.STRING, "tensor '" + name + "': dtype should be a string");
                    dtypeName = r.nextString();
                }
                case "shape" -> shape = longs(r, name, key, MAX_RANK);
                case "data_offsets" -> offsets = longs(r, name, key, 2);
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (dtypeName == null || shape == null || offsets == null)
            throw error("tensor '" + name + "' lacks " + (dtypeName == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        SafetensorsDtype dtype = SafetensorsDtype.byName(dtypeName);
        if (dtype == null) throw error("tensor '" + name + "' has unknown dtype '" + dtypeName + "'");
        if (offsets.length != 2) throw error("tensor '" + name + "': data_offsets should be [begin, end]");
        long elements = 1;
        for (long d : shape) {
            if (d > MAX_DIM) throw error("tensor '" + name + "' has impossible dimension " + d);
            if (d != 0 && elements > (Long.MAX_VALUE / 8) / d) throw error("tensor '" + name + "' has an impossible number of elements");
            elements *= d;
        }
        long begin = offsets[0], end = offsets[1];
        if (begin > end || end > dataBytes)
            throw error("tensor '" + name + "': data_offsets [" + begin + ", " + end + "] are outside the data buffer of " + dataBytes + " bytes (truncated file?)");
        if (end - begin != elements * dtype.size)
            throw error("tensor '" + name + "': data_offsets span " + (end - begin) + " bytes, but shape " + java.util.Arrays.toString(shape)
                    + " of " + dtype + " needs " + elements * dtype.size);
        return new SafetensorsFile.TensorInfo(name, dtype, shape, begin, end);
    }

    /** An array of non-negative integers, at most {@code max} of them. */
    private long[] longs(JsonReader r, String name, String key, int max) throws IOException {
        String what = "tensor '" + name + "': " + key;
        expect(r, JsonToken.BEGIN_ARRAY, what + " should be an array of integers");
        r.beginArray();
        List<Long> values = new ArrayList<>();
        while (r.hasNext()) {
            if (values.size() == max) throw error(what + " has more than " + max + " entries");
            expect(r, JsonToken.NUMBER, what + " should hold only integers");
            long v = r.nextLong();
            if (v < 0) throw error(what + " holds a negative value " + v);
            values.add(v);
        }
        r.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Tensors may leave gaps (some writers pad) but must not share bytes. */
    private void checkNoOverlap(Map<String, SafetensorsFile.TensorInfo> tensors) {
        List<SafetensorsFile.TensorInfo> byStart = new ArrayList<>(tensors.values());
        byStart.removeIf(t -> t.begin() == t.end());
        byStart.sort(Comparator.comparingLong(SafetensorsFile.TensorInfo::begin));
        for (int i = 1; i < byStart.size(); i++)
            if (byStart.get(i).begin() < byStart.get(i - 1).end())
                throw error("tensors '" + byStart.get(i - 1).name() + "' and '" + byStart.get(i).name() + "' overlap in the data buffer");
    }

    private void expect(JsonReader r, JsonToken token, String message) throws IOException {
        if (r.peek() != token) throw error(message);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(path + ": " + message);
    }
}
