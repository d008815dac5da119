package dev.dilate.tokenizer;

import dev.dilate.format.GGUFFile;
import dev.dilate.format.GGUFWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerGGUFTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(TinyBpe.Style.class)
    void writtenTokenizerReadsBackWithIdenticalIds(TinyBpe.Style style) throws Exception {
        Path json = TinyBpe.write(dir, style, 300);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|endoftext|>\", \"chat_template\": \"{{ messages }}\"}");
        Tokenizer original = TokenizerJson.load(json);
        Tokenizer read = roundTrip(w -> GGUFTokenizer.write(original, w));
        assertEquals(original.size(), read.size());
        assertEquals(original.specials(), read.specials());
        assertEquals(original.preTokenizer(), read.preTokenizer());
        assertEquals(original.chatTemplate(), read.chatTemplate());
        for (String text : Samples.all()) {
            assertArrayEquals(original.encode(text), read.encode(text), () -> "ids of " + text);
            assertArrayEquals(original.encode(text, true, false), read.encode(text, true, false), () -> "ids of " + text);
        }
    }

    @Test
    void llamaCppKeysAloneSelectThePreTokenizerByName() throws Exception {
        Tokenizer qwen = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 300));
        Tokenizer read = roundTrip(w -> llamaCppKeys(w, qwen, "qwen2"));
        assertEquals(Tokenizer.Normalization.NFC, read.normalization());
        for (String text : Samples.all()) assertArrayEquals(qwen.encode(text), read.encode(text), () -> "ids of " + text);
    }

    @Test
    void paddingToTheModelsRowsKeepsIdsAndSurvivesTheRoundTrip() throws Exception {
        Tokenizer t = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.LLAMA3, 100));
        Tokenizer padded = t.paddedTo(t.size() + 7);
        Tokenizer read = roundTrip(w -> GGUFTokenizer.write(padded, w));
        assertEquals(t.size() + 7, read.size());
        assertEquals(TokenType.UNUSED, read.type(t.size() + 6));
        assertEquals("[PAD" + (t.size() + 6) + "]", read.token(t.size() + 6));
        for (String text : Samples.FIXED) assertArrayEquals(t.encode(text), read.encode(text), () -> "ids of " + text);
    }

    @Test
    void maskIdFallsBackToTheMaskTokensName() throws Exception {
        Tokenizer qwen = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 50));
        Tokenizer read = roundTrip(w -> llamaCppKeys(w, qwen, "qwen2"));
        assertEquals(qwen.id("<|mask|>"), read.specials().mask());
        assertTrue(read.specials().mask() >= 0);
    }

    @Test
    void unsupportedModelAndUnknownPreTokenizerAreNamed() throws Exception {
        Tokenizer qwen = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 50));
        var spm = assertThrows(IllegalArgumentException.class, () -> roundTrip(w -> w.putString("tokenizer.ggml.model", "llama")
                .putStrings("tokenizer.ggml.tokens", List.of("a"))));
        assertTrue(spm.getMessage().contains("tokenizer.ggml.model is \"llama\""), spm.getMessage());
        var pre = assertThrows(IllegalArgumentException.class, () -> roundTrip(w -> llamaCppKeys(w, qwen, "deepseek-coder")));
        assertTrue(pre.getMessage().contains("tokenizer.ggml.pre \"deepseek-coder\""), pre.getMessage());
        assertTrue(pre.getMessage().contains(dir.toString()), pre.getMessage());
    }

    /** What llama.cpp's converter writes: no tokenizer.dilate.* keys. */
    private static void llamaCppKeys(GGUFWriter w, Tokenizer t, String pre) {
        w.putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", pre)
                .putStrings("tokenizer.ggml.tokens", t.tokens())
                .putI32s("tokenizer.ggml.token_type", t.types().stream().map(type -> type.code).toList())
                .putStrings("tokenizer.ggml.merges", t.merges().stream().map(BytePairModel.Merge::spelled).toList());
    }

    private Tokenizer roundTrip(Consumer<GGUFWriter> metadata) throws Exception {
        Path file = Files.createTempFile(dir, "tokenizer", ".gguf");
        GGUFWriter w = new GGUFWriter().putString("general.architecture", "dream");
        metadata.accept(w);
        w.write(file);
        try (GGUFFile f = GGUFFile.open(file)) {
            return GGUFTokenizer.read(f);
        }
    }
}
