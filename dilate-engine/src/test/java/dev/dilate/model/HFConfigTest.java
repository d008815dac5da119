package dev.dilate.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.format.SafetensorsDtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json parsing for LLaDA and Dream, and the errors for missing or absurd fields and mismatched weights. */
class HFConfigTest {
    @TempDir Path dir;

    private HFConfig read(JsonObject c) throws IOException {
        Files.writeString(dir.resolve("config.json"), c.toString());
        return HFConfig.read(dir);
    }

    @Test
    void readsTheRealLladaAndDreamConfigs() throws IOException {
        JsonObject llada = JsonParser.parseString("""
                {"architectures": ["LLaDAModelLM"], "model_type": "llada", "d_model": 4096, "n_heads": 32, "n_kv_heads": 32,
                 "n_layers": 32, "mlp_hidden_size": 12288, "vocab_size": 126464, "embedding_size": 126464,
                 "mask_token_id": 126336, "eos_token_id": 126081, "rope_theta": 500000.0, "rms_norm_eps": 1e-05,
                 "max_sequence_length": 4096, "weight_tying": false, "include_bias": false, "include_qkv_bias": false,
                 "block_type": "llama", "activation_type": "silu"}""").getAsJsonObject();
        HFConfig l = read(llada);
        assertEquals(Architecture.LLADA, l.architecture());
        assertEquals(128, l.headDim());
        ModelConfig lc = l.modelConfig();
        assertTrue(lc.ropeHalf());
        assertFalse(lc.shiftLogits());
        assertEquals("llada", lc.architecture());
        assertEquals(500000f, lc.ropeTheta());
        JsonObject dream = JsonParser.parseString("""
                {"architectures": ["DreamModel"], "model_type": "Dream", "hidden_size": 3584, "num_hidden_layers": 28,
                 "num_attention_heads": 28, "num_key_value_heads": 4, "intermediate_size": 18944, "vocab_size": 152064,
                 "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "tie_word_embeddings": false, "mask_token_id": 151666,
                 "max_position_embeddings": 131072, "rope_scaling": null}""").getAsJsonObject();
        HFConfig d = read(dream);
        assertEquals(128, d.headDim());
        assertEquals(4, d.kvHeads());
        assertTrue(d.qkvBias());
        assertTrue(d.modelConfig().shiftLogits());
        assertEquals(1e-6f, d.eps());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "architectures|[\"GPT2LMHeadModel\"]|dilate loads LLaDAModelLM",
            "d_model|null|missing 'd_model'",
            "d_model|\"big\"|should be an integer",
            "d_model|64.5|should be an integer",
            "n_heads|5|not divisible by 5",
            "n_heads|0|not divisible by 0",
            "n_kv_heads|3|not a multiple of 3",
            "n_layers|-2|layer count -2 is absurd",
            "n_layers|99999999|is absurd",
            "mask_token_id|80|outside the vocabulary",
            "rms_norm_eps|0|rms_norm_eps 0.0",
            "rope_theta|true|should be a number",
            "weight_tying|1|should be true or false",
            "include_bias|true|include_bias = true",
            "block_type|\"sequential\"|block_type 'sequential'",
            "mlp_hidden_size|[1]|plain value",
            "rope_scaling|{\"type\": \"linear\", \"factor\": 2}|rope_scaling",
    })
    void badLladaFields(String key, String value, String expected) throws IOException {
        JsonObject c = HFFixtures.config(HFFixtures.LLADA);
        c.add(key, JsonParser.parseString(value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(c));
        assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void missingOrBrokenConfigFile() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HFConfig.read(dir));
        assertTrue(e.getMessage().contains("config.json: no such file"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"d_model\": ");
        e = assertThrows(IllegalArgumentException.class, () -> HFConfig.read(dir));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "[]");
        e = assertThrows(IllegalArgumentException.class, () -> HFConfig.read(dir));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void weightsThatDisagreeWithTheConfigFailWithTheFileName() throws IOException {
        Path folder = HFFixtures.write(dir.resolve("hf"), HFFixtures.DREAM, SafetensorsDtype.F32, 1, 1);
        JsonObject c = HFFixtures.config(HFFixtures.DREAM);
        c.addProperty("intermediate_size", 128);
        Files.writeString(folder.resolve("config.json"), c.toString());
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HFModels.load(m));
            assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("mlp.gate_proj.weight has shape [96, 64]"), e.getMessage());
        }
        c.addProperty("intermediate_size", 96);
        c.addProperty("num_hidden_layers", 1);
        Files.writeString(folder.resolve("config.json"), c.toString());
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HFModels.load(m));
            assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("unexpected tensor 'model.layers.1."), e.getMessage());
        }
        c.addProperty("num_hidden_layers", 2);
        c.addProperty("tie_word_embeddings", false);
        Files.writeString(folder.resolve("config.json"), c.toString());
        HFFixtures.Shape tied = new HFFixtures.Shape(false, 64, 2, 4, 2, 96, 80, true, true);
        HFFixtures.write(dir.resolve("tied"), tied, SafetensorsDtype.F32, 1, 1);
        Files.writeString(dir.resolve("tied").resolve("config.json"), c.toString());
        try (HFCheckpoint m = HFCheckpoint.open(dir.resolve("tied"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HFModels.load(m));
            assertTrue(e.getMessage().contains("missing tensor 'lm_head.weight'"), e.getMessage());
        }
    }
}
