package dev.dilate.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.format.GGUFFile;
import dev.dilate.format.SafetensorsDtype;
import dev.dilate.model.HFFixtures;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dilate info} and {@code dilate convert} end to end, in process. */
class ModelCommandsTest {
    @TempDir Path dir;

    @Test
    void convertThenInfoOnBothForms() {
        Path hf = HFFixtures.write(dir.resolve("llada-tiny"), HFFixtures.LLADA, SafetensorsDtype.BF16, 2, 4);
        Path out = dir.resolve("tiny.gguf");
        CliTest.Result c = CliTest.run("convert", hf.toString(), out.toString(), "--type", "Q8_0");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("wrote " + out), c.out());
        try (GGUFFile f = GGUFFile.open(out)) {
            assertEquals(GGMLType.Q8_0, f.tensor("blk.1.ffn_down.weight").type());
            assertEquals("llada-tiny", f.string("general.name"));
        }

        CliTest.Result text = CliTest.run("info", hf.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("architecture  llada"), text.out());
        assertTrue(text.out().contains("half pairs"), text.out());
        assertTrue(text.out().contains("head dim 16, ffn 96"), text.out());
        assertFalse(text.out().contains("model.transformer.wte.weight"), "tensors only with --tensors");
        CliTest.Result listed = CliTest.run("info", "--tensors", hf.toString());
        assertTrue(listed.out().matches("(?s).*model\\.transformer\\.blocks\\.1\\.ff_out\\.weight +BF16 +\\[64, 96].*"), listed.out());

        JsonObject fromHf = JsonParser.parseString(CliTest.run("info", "--json", hf.toString()).out()).getAsJsonObject();
        JsonObject fromGguf = JsonParser.parseString(CliTest.run("info", "--json", out.toString()).out()).getAsJsonObject();
        assertEquals("safetensors", fromHf.get("format").getAsString());
        assertEquals("gguf", fromGguf.get("format").getAsString());
        assertEquals("half", fromHf.get("ropePairing").getAsString());
        assertEquals("adjacent", fromGguf.get("ropePairing").getAsString());
        for (String key : new String[] {"architecture", "dim", "layers", "heads", "kvHeads", "headDim", "ffn", "vocab",
                "maskId", "shiftLogits", "parameters", "ropeTheta", "contextLength"})
            assertEquals(fromHf.get(key), fromGguf.get(key), key);
        assertEquals(fromHf.getAsJsonArray("tensors").size(), fromGguf.getAsJsonArray("tensors").size());
        JsonObject q = fromGguf.getAsJsonArray("tensors").get(1).getAsJsonObject();
        assertEquals("blk.0.attn_norm.weight", q.get("name").getAsString());
        assertEquals("F32", q.get("type").getAsString());
    }

    @Test
    void badInputIsReportedNotThrown() throws Exception {
        Path hf = HFFixtures.write(dir.resolve("dream"), HFFixtures.DREAM, SafetensorsDtype.F32, 1, 4);
        CliTest.Result r = CliTest.run("convert", hf.toString(), dir.resolve("x.gguf").toString(), "--type", "Q4_K");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("convert writes"), r.err());
        r = CliTest.run("convert", dir.resolve("nothing").toString(), dir.resolve("x.gguf").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a folder"), r.err());
        r = CliTest.run("info", dir.resolve("nothing").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("neither a GGUF file nor a Hugging Face folder"), r.err());
        Path junk = Files.writeString(dir.resolve("junk.gguf"), "not a model");
        r = CliTest.run("info", junk.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("junk.gguf") && r.err().contains("GGUF header"), r.err());
        Files.write(hf.resolve("model.safetensors"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
        r = CliTest.run("info", hf.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("model.safetensors") && r.err().contains("absurd"), r.err());
        assertFalse(Files.exists(dir.resolve("x.gguf")));
    }
}
