package dev.dilate.format;

import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Matrix;
import dev.dilate.tensor.Quantize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading safetensors files, and every way a broken one must fail: with an IllegalArgumentException naming the file. */
class SafetensorsFileTest {
    @TempDir Path dir;

    /** A file with the given header length field, header text and data bytes. */
    private Path file(long headerLength, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h);
        Path p = dir.resolve("broken.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private Path file(String header, int dataBytes) throws IOException {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static void fails(Path p, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
    }

    @Test
    void readsTensorsInPlaceEvenWhenUnaligned() throws IOException {
        float[] w = {1, -2, 3.5f, 4, 5, 6};
        // a 7-byte pad-free header shifts the data to an odd offset
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[1,25]},"
                + "\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 25).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put((byte) 7).put(Quantize.encode(GGMLType.F32, w));
        Path p = dir.resolve("odd.safetensors");
        Files.write(p, buf.array());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals("pt", f.metadata().get("format"));
            Matrix m = f.matrix("w", 2, 3);
            assertEquals(GGMLType.F32, m.type());
            assertArrayEquals(new float[] {4, 5, 6}, m.row(1));
            assertEquals(SafetensorsDtype.U8, f.tensor("b").dtype());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.matrix("b", 1, 1));
            assertTrue(e.getMessage().contains("U8") && e.getMessage().contains(p.toString()), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.matrix("w", 3, 2));
            assertTrue(e.getMessage().contains("shape [2, 3]") && e.getMessage().contains(p.toString()), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.matrix("nope", 3, 2));
            assertTrue(e.getMessage().contains("missing tensor") && e.getMessage().contains(p.toString()), e.getMessage());
        }
    }

    @Test
    void writerRoundTripsEveryWeightDtypeAndEmptyTensors() {
        float[] v = {0.5f, -1.25f, 3, 1e-3f};
        Path p = dir.resolve("rt.safetensors");
        new SafetensorsWriter()
                .tensor("f32", SafetensorsDtype.F32, new long[] {2, 2}, Quantize.encode(GGMLType.F32, v))
                .tensor("f16", SafetensorsDtype.F16, new long[] {4}, Quantize.encode(GGMLType.F16, v))
                .tensor("bf16", SafetensorsDtype.BF16, new long[] {1, 4}, Quantize.encode(GGMLType.BF16, v))
                .tensor("empty", SafetensorsDtype.F32, new long[] {0, 3}, new byte[0])
                .tensor("scalar", SafetensorsDtype.I64, new long[] {}, new byte[8])
                .write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(v, concat(f.matrix("f32", 2, 2)));
            assertArrayEquals(v, f.vector("f16", 4), 1e-3f);
            assertArrayEquals(v, f.matrix("bf16", 1, 4).row(0), 1e-2f);
            assertEquals(0, f.tensor("empty").elements());
            assertEquals(1, f.tensor("scalar").elements());
        }
    }

    private static float[] concat(Matrix m) {
        float[] out = new float[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) m.row(r, out, r * m.cols());
        return out;
    }

    @Test
    void tooShortAndAbsurdHeaderLengths() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        fails(tiny, "too short");
        fails(file(1L << 40, "{}", 0), "absurd");
        fails(file(-1L, "{}", 0), "absurd");
        fails(file(100_000_001L, "{}", 0), "absurd");
        fails(file(5000, "{}", 10), "past the end");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[1, 2]| not a JSON object",
            "\"text\"| not a JSON object",
            "{| not valid safetensors JSON",
            "{}{}| not valid safetensors JSON",
            "{\"w\": 3}| should be an object",
            "{\"w\":{\"dtype\":\"F7\",\"shape\":[1],\"data_offsets\":[0,4]}}| unknown dtype 'F7'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,400]}}| outside the data buffer",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}| outside the data buffer",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}| needs 8",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}| [begin, end]",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}| more than 2 entries",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}| negative",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}| not valid safetensors JSON",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}| only integers",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,4]}}| impossible number of elements",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}| not valid safetensors JSON",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}| lacks data_offsets",
            "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}| appears twice",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}| appears twice",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}| overlap",
            "{\"__metadata__\":{\"k\":[1]}}| should be a string",
            "{\"__metadata__\":[]}| should be an object of strings",
    })
    void malformedHeadersFailWithTheFileName(String header, String expected) throws IOException {
        fails(file(header, 16), expected.strip());
    }

    @Test
    void deepNestingAndBadUtf8DoNotCrash() throws IOException {
        fails(file("{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", 0), "should be an object of strings");
        fails(file("{\"w\":{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "");
        byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        ByteBuffer b = ByteBuffer.allocate(8 + bad.length).order(ByteOrder.LITTLE_ENDIAN).putLong(bad.length).put(bad);
        Path p = dir.resolve("utf8.safetensors");
        Files.write(p, b.array());
        fails(p, "UTF-8");
    }
}
