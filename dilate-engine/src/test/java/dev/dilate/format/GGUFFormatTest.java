package dev.dilate.format;

import dev.dilate.model.GGUFModels;
import dev.dilate.model.RandomModels;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GGUF written and read back, and every kind of damage reported with the file's name. */
class GGUFFormatTest {
    @TempDir Path dir;

    private Path small() {
        Path p = dir.resolve("small.gguf");
        new GGUFWriter()
                .putString("general.architecture", "llada").putU32("a.u32", 7).putI32("a.i32", -3).putU64("a.u64", 1L << 40)
                .putF32("a.f32", 0.5).putBool("a.bool", true).putStrings("a.strings", List.of("x", "ü", ""))
                .putI32s("a.ints", List.of(1, -2, 3)).putF32s("a.floats", List.of(1.5f, -2f))
                .tensor("w", GGMLType.F32, new long[] {4, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8})
                .tensor("q", GGMLType.Q8_0, new long[] {32}, new float[32])
                .write(p);
        return p;
    }

    @Test
    void metadataAndTensorsRoundTrip() {
        try (GGUFFile f = GGUFFile.open(small())) {
            assertEquals("llada", f.string("general.architecture"));
            assertEquals(7, f.integer("a.u32"));
            assertEquals(-3, f.integer("a.i32"));
            assertEquals(1L << 40, f.integer("a.u64"));
            assertEquals(0.5, f.number("a.f32", 0));
            assertTrue(f.bool("a.bool", false));
            assertEquals(List.of("x", "ü", ""), f.array("a.strings"));
            assertEquals(List.of(1L, -2L, 3L), f.array("a.ints"));
            assertEquals("u32", f.metadataType("a.u32"));
            assertArrayEquals(new float[] {5, 6, 7, 8}, f.matrix("w", 2, 4).row(1));
            assertEquals(GGMLType.Q8_0, f.tensor("q").type());
        }
    }

    private String error(Path p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GGUFFile.open(p).close());
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    private Path patched(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void wrongMagicTruncationAndGarbageAreNamed() throws IOException {
        byte[] good = Files.readAllBytes(small());
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertTrue(error(patched("magic.gguf", magic)).contains("wrong magic"));
        assertTrue(error(patched("empty.gguf", new byte[0])).contains("too short"));
        for (int cut : new int[] {30, 60, 120, good.length - 40}) {
            String m = error(patched("cut" + cut + ".gguf", java.util.Arrays.copyOf(good, cut)));
            assertTrue(m.contains("truncated") || m.contains("past the end"), m);
        }
        byte[] version = good.clone();
        version[4] = 9;
        assertTrue(error(patched("version.gguf", version)).contains("version 9"));
    }

    /** The byte offset of the tensor info that follows a tensor's name. */
    private static int infoAfterName(byte[] file, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 8; i + n.length < file.length; i++) {
            for (int j = 0; j < n.length; j++) if (file[i + j] != n[j]) continue outer;
            long len = ByteBuffer.wrap(file, i - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (len == n.length) return i + n.length;
        }
        throw new AssertionError("tensor " + name + " not found");
    }

    @Test
    void impossibleTensorInfosAreNamed() throws IOException {
        byte[] good = Files.readAllBytes(small());
        int at = infoAfterName(good, "w");           // u32 n_dims, u64 dims[2], u32 type, u64 offset
        ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at + 4 + 16, 99);
        assertTrue(error(patched("type.gguf", b.array())).contains("unsupported tensor type id 99"));
        b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(at + 4 + 8, 1L << 50);
        assertTrue(error(patched("shape.gguf", b.array())).contains("impossible"));
        b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(at + 4 + 16 + 4, 1L << 30);
        assertTrue(error(patched("offset.gguf", b.array())).contains("past the end"));
        b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(at + 4 + 16 + 4, 3);
        assertTrue(error(patched("align.gguf", b.array())).contains("not aligned"));
        b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at, 7);
        assertTrue(error(patched("dims.gguf", b.array())).contains("dimensions"));
    }

    @Test
    void modelLevelProblemsAreNamed() {
        Path p = dir.resolve("m.gguf");
        RandomModels.write(p, new RandomModels.Shape("llada", 32, 1, 2, 2, 64, 50, false), GGMLType.F32, 1);
        try (GGUFFile f = GGUFFile.open(p)) {
            var e = assertThrows(IllegalArgumentException.class, () -> f.matrix("blk.0.attn_q.weight", 33, 32));
            assertTrue(e.getMessage().contains("blk.0.attn_q.weight") && e.getMessage().contains("m.gguf"), e.getMessage());
        }
        Path notModel = small();
        try (GGUFFile f = GGUFFile.open(notModel)) {
            var e = assertThrows(IllegalArgumentException.class, () -> GGUFModels.load(f));
            assertTrue(e.getMessage().contains("small.gguf"), e.getMessage());
        }
    }
}
