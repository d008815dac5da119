package dev.dilate.format;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.dilate.tensor.Matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint: one safetensors file, or the shards named by a
 * {@code model.safetensors.index.json} weight map. Tensors are looked up by name across shards and
 * read in place. Close it to unmap every shard.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    /** The file names a checkpoint folder holds: the shard index, or the single weights file. */
    public static final String INDEX = "model.safetensors.index.json", SINGLE = "model.safetensors";
    private static final long MAX_INDEX_BYTES = 100_000_000;

    private final Path origin;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(Path origin, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.origin = origin;
        this.files = files;
        this.byTensor = byTensor;
    }

    /** Opens a .safetensors file, or a folder holding model.safetensors.index.json or model.safetensors. */
    public static SafetensorsCheckpoint open(Path path) {
        if (!Files.isDirectory(path)) return single(path);
        if (Files.isRegularFile(path.resolve(INDEX))) return sharded(path.resolve(INDEX));
        if (Files.isRegularFile(path.resolve(SINGLE))) return single(path.resolve(SINGLE));
        throw new IllegalArgumentException(path + ": no " + INDEX + " or " + SINGLE + " in this folder");
    }

    private static SafetensorsCheckpoint single(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        for (String name : f.tensors().keySet()) byTensor.put(name, f);
        return new SafetensorsCheckpoint(file, List.of(f), byTensor);
    }

    private static SafetensorsCheckpoint sharded(Path index) {
        Map<String, String> weightMap = weightMap(index);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                SafetensorsFile shard = shards.get(e.getValue());
                if (shard == null) {
                    Path p = index.resolveSibling(e.getValue());
                    if (!Files.isRegularFile(p)) throw new IllegalArgumentException(index + ": shard '" + e.getValue() + "' of tensor '" + e.getKey() + "' does not exist");
                    shard = SafetensorsFile.open(p);
                    shards.put(e.getValue(), shard);
                }
                if (!shard.tensors().containsKey(e.getKey()))
                    throw new IllegalArgumentException(shard.path() + ": missing tensor '" + e.getKey() + "' that " + index.getFileName() + " places in it");
                byTensor.put(e.getKey(), shard);
            }
        } catch (RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint(index, List.copyOf(shards.values()), byTensor);
    }

    /** The index's weight_map, tensor name to shard file name (a plain name in the same folder). */
    private static Map<String, String> weightMap(Path index) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) throw new IllegalArgumentException(index + ": index file is larger than " + MAX_INDEX_BYTES + " bytes");
            try (JsonReader r = new JsonReader(Files.newBufferedReader(index, StandardCharsets.UTF_8))) {
                if (r.peek() != JsonToken.BEGIN_OBJECT) throw new IllegalArgumentException(index + ": not a JSON object");
                r.beginObject();
                boolean found = false;
                while (r.hasNext()) {
                    if (!r.nextName().equals("weight_map")) { r.skipValue(); continue; }
                    if (found) throw new IllegalArgumentException(index + ": weight_map appears twice");
                    found = true;
                    if (r.peek() != JsonToken.BEGIN_OBJECT) throw new IllegalArgumentException(index + ": weight_map is not an object");
                    r.beginObject();
                    while (r.hasNext()) {
                        String tensor = r.nextName();
                        if (r.peek() != JsonToken.STRING) throw new IllegalArgumentException(index + ": weight_map entry '" + tensor + "' is not a file name");
                        String shard = r.nextString();
                        if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.startsWith("."))
                            throw new IllegalArgumentException(index + ": shard name '" + shard + "' is not a plain file name in the checkpoint folder");
                        if (map.put(tensor, shard) != null) throw new IllegalArgumentException(index + ": tensor '" + tensor + "' appears twice in weight_map");
                    }
                    r.endObject();
                }
                r.endObject();
                if (!found) throw new IllegalArgumentException(index + ": no weight_map");
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException(index + ": cannot read the shard index: " + e.getMessage(), e);
        }
        return map;
    }

    /** Tensor names, in file order. */
    public Set<String> names() { return Collections.unmodifiableSet(byTensor.keySet()); }

    /** True when some file of the checkpoint holds the tensor. */
    public boolean has(String name) { return byTensor.containsKey(name); }

    /** The open files: the single file, or every shard the index names, in order of first mention. */
    public List<SafetensorsFile> files() { return files; }

    /** The file opened: the single safetensors file or the shard index. */
    public Path origin() { return origin; }

    /** A tensor's header entry, from the file that holds it; throws IllegalArgumentException if none does. */
    public SafetensorsFile.TensorInfo tensor(String name) { return file(name).tensor(name); }

    /** As {@link SafetensorsFile#matrix}, from the file that holds the tensor. */
    public Matrix matrix(String name, long rows, long cols) { return file(name).matrix(name, rows, cols); }

    /** As {@link SafetensorsFile#vector}, from the file that holds the tensor. */
    public float[] vector(String name, long length) { return file(name).vector(name, length); }

    /** Bytes of all files together. */
    public long fileSize() { return files.stream().mapToLong(SafetensorsFile::fileSize).sum(); }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) throw new IllegalArgumentException(origin + ": the checkpoint has no tensor '" + name + "'");
        return f;
    }

    @Override
    public void close() { files.forEach(SafetensorsFile::close); }
}
