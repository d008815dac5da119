package dev.dilate.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerJsonTest {
    @TempDir Path dir;

    @Test
    void decodingEncodedTextGivesTheTextBack() throws Exception {
        Tokenizer llama = TokenizerJson.load(TinyBpe.write(dir.resolve("l"), TinyBpe.Style.LLAMA3, 300));
        Tokenizer qwen = TokenizerJson.load(TinyBpe.write(dir.resolve("q"), TinyBpe.Style.QWEN2, 300));
        for (String s : Samples.all()) {
            assertEquals(s, llama.decode(llama.encode(s)));
            assertEquals(Normalizer.normalize(s, Normalizer.Form.NFC), qwen.decode(qwen.encode(s)), "Qwen2 normalizes to NFC");
            assertEquals(s, llama.decode(llama.encode(s, false, false)));
        }
    }

    @Test
    void controlTokensAreParsedOnlyWhenAsked() throws Exception {
        Tokenizer t = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 300));
        int end = t.id("<|im_end|>"), tool = t.id(TinyBpe.USER_DEFINED);
        assertArrayEquals(new int[] {end}, t.encode("<|im_end|>", false, true));
        int[] plain = t.encode("<|im_end|>" + TinyBpe.USER_DEFINED, false, false);
        assertTrue(plain.length > 2, "spelled out as text");
        assertFalse(java.util.Arrays.stream(plain).anyMatch(id -> id == end));
        assertEquals(tool, plain[plain.length - 1], "user-defined tokens are always recognised");
        assertEquals("<|im_end|>", t.piece(end));
    }

    /** DiffuCoder's instruct models fill the canvas after an answer with {@code <|dlm_pad|>}: it ends an answer like EOS. */
    @Test
    void diffuCodersPaddingTokenEndsAnAnswer() throws Exception {
        Tokenizer t = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 50));
        assertEquals(java.util.Set.of(t.id("<|endoftext|>"), t.id("<|im_end|>"), t.id("<|dlm_pad|>")), t.endIds());
        Tokenizer noPad = TokenizerJson.load(TinyBpe.write(dir.resolve("l"), TinyBpe.Style.LING, 50));
        assertEquals(java.util.Set.of(noPad.id("<|endoftext|>"), noPad.id("<|role_end|>")), noPad.endIds());
    }

    @Test
    void configGivesSpecialTokensBosAndTemplate() throws Exception {
        Path json = TinyBpe.write(dir, TinyBpe.Style.LLAMA3, 100);
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": {"content": "<|im_start|>"}, "eos_token": "<|im_end|>", "add_bos_token": true,
                 "chat_template": [{"name": "default", "template": "T"}, {"name": "tool_use", "template": "U"}]}""");
        Tokenizer t = TokenizerJson.load(dir);
        assertEquals(t.id("<|im_start|>"), t.specials().bos());
        assertEquals(t.id("<|im_end|>"), t.eosId());
        assertEquals(t.id("<|im_end|>"), t.eotId());
        assertEquals(t.id("<|mask|>"), t.specials().mask());
        assertEquals("T", t.chatTemplate().orElseThrow());
        assertEquals(t.specials().bos(), t.encode("hi", true, true)[0]);
        assertEquals(t.encode("hi").length + 1, t.encode("hi", true, true).length);
    }

    @Test
    void longWordsEncodeInNearLinearTime() throws Exception {
        Tokenizer t = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 300));
        String word = "the".repeat(100_000);
        int[] ids = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> t.encode(word));
        assertEquals(word, t.decode(ids));
    }

    @Test
    void malformedJsonNamesTheFile() throws Exception {
        assertError("{\"model\": ", "not valid JSON");
    }

    @Test
    void unsupportedModelTypeNamesTheField() throws Exception {
        assertError("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}", "'model.type' is \"WordPiece\"");
    }

    @Test
    void unsupportedPreTokenizerNamesTheField() throws Exception {
        String json = Files.readString(TinyBpe.write(dir.resolve("q"), TinyBpe.Style.QWEN2, 20));
        assertError(json.replace("\"Isolated\"", "\"Removed\""), "'pre_tokenizer.pretokenizers[0].behavior' is Removed");
        assertError(json.replace("\"type\":\"Split\"", "\"type\":\"Metaspace\""), "'pre_tokenizer.pretokenizers[0]' is Metaspace");
        assertError(json.replace("\"type\":\"NFC\"", "\"type\":\"NFKC\""), "'normalizer' has type \"NFKC\"");
        assertError(json.replace("\"byte_fallback\":false", "\"byte_fallback\":true"), "'model.byte_fallback' is true");
        assertError(json.replace("\"lstrip\":false", "\"lstrip\":true"), "'added_tokens[0].lstrip' is true");
    }

    @Test
    void inconsistentVocabularyIsReported() throws Exception {
        String json = Files.readString(TinyBpe.write(dir.resolve("q"), TinyBpe.Style.GPT2, 20));
        assertError(json.replace("\"!\":33,", ""), "no token for byte 0x21");
        assertError(json.replace("\"merges\":[", "\"merges\":[\"x yz\","), "merge 'x yz' uses 'yz', which is not in the vocabulary");
        assertError(json.replace("\"merges\":[", "\"merges\":[\"xyz\","), "'model.merges[0]' is \"xyz\", not a pair");
    }

    private void assertError(String content, String expected) throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad")).resolve("tokenizer.json");
        Files.writeString(bad, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenizerJson.load(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
