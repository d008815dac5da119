package dev.dilate.format;

import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Quantize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-file and sharded checkpoints, and broken shard indexes. */
class SafetensorsCheckpointTest {
    @TempDir Path dir;

    private void shard(String file, String... names) {
        SafetensorsWriter w = new SafetensorsWriter();
        for (int i = 0; i < names.length; i++)
            w.tensor(names[i], SafetensorsDtype.F32, new long[] {2}, Quantize.encode(GGMLType.F32, new float[] {i, names[i].length()}));
        w.write(dir.resolve(file));
    }

    private Path index(String json) throws IOException {
        return Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX), json);
    }

    private void fails(String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsCheckpoint.open(dir).close());
        assertTrue(e.getMessage().contains(dir.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
    }

    @Test
    void findsTensorsAcrossShards() throws IOException {
        shard("a.safetensors", "x", "yy");
        shard("b.safetensors", "zzz");
        index("{\"metadata\": {\"total_size\": 24}, \"weight_map\": {\"x\": \"a.safetensors\", \"zzz\": \"b.safetensors\", \"yy\": \"a.safetensors\"}}");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertEquals(2, c.files().size());
            assertEquals(3, c.names().size());
            assertArrayEquals(new float[] {0, 3}, c.vector("zzz", 2));
            assertArrayEquals(new float[] {1, 2}, c.vector("yy", 2));
            assertTrue(c.origin().endsWith(SafetensorsCheckpoint.INDEX));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.vector("w", 2));
            assertTrue(e.getMessage().contains("no tensor 'w'"), e.getMessage());
        }
    }

    @Test
    void singleFileFolderOrPath() {
        shard(SafetensorsCheckpoint.SINGLE, "x");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) { assertEquals(1, c.names().size()); }
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir.resolve(SafetensorsCheckpoint.SINGLE))) { assertTrue(c.has("x")); }
    }

    @Test
    void emptyFolder() { fails("no " + SafetensorsCheckpoint.INDEX); }

    @Test
    void missingShard() throws IOException {
        index("{\"weight_map\": {\"x\": \"gone.safetensors\"}}");
        fails("'gone.safetensors' of tensor 'x' does not exist");
    }

    @Test
    void tensorNotInItsShard() throws IOException {
        shard("a.safetensors", "x");
        index("{\"weight_map\": {\"y\": \"a.safetensors\"}}");
        fails("missing tensor 'y'");
    }

    @Test
    void shardOutsideTheFolder() throws IOException {
        index("{\"weight_map\": {\"x\": \"../a.safetensors\"}}");
        fails("not a plain file name");
    }

    @Test
    void brokenIndexes() throws IOException {
        index("[]");
        fails("not a JSON object");
        index("{\"weight_map\": {\"x\": \"a\"");
        fails("cannot read the shard index");
        index("{\"metadata\": {}}");
        fails("no weight_map");
        index("{\"weight_map\": {\"x\": 3}}");
        fails("not a file name");
        index("{\"weight_map\": {\"x\": \"a.safetensors\", \"x\": \"a.safetensors\"}}");
        fails("appears twice");
    }
}
