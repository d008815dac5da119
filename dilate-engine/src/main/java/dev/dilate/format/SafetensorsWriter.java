package dev.dilate.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a safetensors file: the JSON header padded with spaces to a multiple of 8 (so every
 * tensor of an 8-byte-aligned size starts aligned), then the tensors back to back.
 */
public final class SafetensorsWriter {
    private record Entry(SafetensorsDtype dtype, long[] shape, byte[] bytes) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Sets a {@code __metadata__} entry; a later value for the same key replaces the earlier one. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a tensor from bytes already in the dtype's little-endian encoding. */
    public SafetensorsWriter tensor(String name, SafetensorsDtype dtype, long[] shape, byte[] bytes) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n * dtype.size != bytes.length)
            throw new IllegalArgumentException("tensor " + name + ": shape needs " + n * dtype.size + " bytes, got " + bytes.length);
        if (tensors.put(name, new Entry(dtype, shape.clone(), bytes)) != null) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        return this;
    }

    /**
     * Writes the header and the tensors, in the order added, straight to {@code path} (no temporary
     * file), replacing any file there.
     *
     * @throws IllegalArgumentException if the file cannot be written
     */
    public void write(Path path) {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            metadata.forEach(m::addProperty);
            header.add("__metadata__", m);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", e.getValue().dtype.name());
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape) shape.add(d);
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += e.getValue().bytes.length;
            offsets.add(offset);
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + pad).array());
            out.write(json);
            out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
            for (Entry e : tensors.values()) out.write(e.bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot write safetensors file: " + e.getMessage(), e);
        }
    }
}
