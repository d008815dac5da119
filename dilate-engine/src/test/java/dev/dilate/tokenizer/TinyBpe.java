package dev.dilate.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a small byte-level BPE on a fixed corpus (with {@link BpeTrainer}) and writes it as a Hugging Face tokenizer.json in
 * the GPT-2, Qwen2, Llama-3 or Ling form, so tests have realistic files without downloading any.
 */
final class TinyBpe {
    enum Style {
        GPT2(PreTokenizer.GPT2), QWEN2(PreTokenizer.QWEN2), LLAMA3(PreTokenizer.LLAMA3), LING(PreTokenizer.BAILINGMOE2);

        final String regex;

        Style(String regex) { this.regex = regex; }
    }

    /** Ling's special tokens, its chat markers instead of ChatML's. */
    static final List<String> LING_SPECIALS = List.of("<|endoftext|>", "<|mask|>", "<|role_end|>", "<role>", "</role>");

    /** ChatML's and Qwen2's specials, and DiffuCoder's padding token. */
    static final List<String> SPECIALS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|mask|>", "<|dlm_pad|>");
    static final String USER_DEFINED = "<tool>";
    /** A token no merge produces, so only Llama-3's ignore_merges emits it whole. */
    static final String UNREACHABLE = ByteAlphabet.encode(" zebra".getBytes(StandardCharsets.UTF_8));

    private static final String CORPUS = """
            The quick brown fox jumps over the lazy dog. It's what we've said: they'll say I'd done it, you're right.
            def encode(text):
                for word in text.split():
                    if word:
                        yield word.lower()
            Numbers 12345 and 3.14159 and 2024-06-01; prices $19.99, 100%!
            Le café est très bon, naïve façade. Über straße. 你好，世界！ 日本語のテキスト。 🙂🚀
            \tTabs\tand  double  spaces   and
            newlines\r\nwindows lines
            """;

    private TinyBpe() {}

    static Path write(Path dir, Style style, int mergeCount) throws IOException {
        List<String[]> merges = train(style.regex, style == Style.GPT2, mergeCount);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(ByteAlphabet.charOf(b)), vocab.size());
        for (String[] m : merges) vocab.putIfAbsent(m[0] + m[1], vocab.size());
        if (style == Style.LLAMA3) vocab.putIfAbsent(UNREACHABLE, vocab.size());

        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.add("unk_token", null);
        model.add("continuing_subword_prefix", null);
        model.add("end_of_word_suffix", null);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", style == Style.LLAMA3);
        JsonObject v = new JsonObject();
        vocab.forEach(v::addProperty);
        model.add("vocab", v);
        JsonArray ms = new JsonArray();
        for (String[] m : merges) {
            if (style == Style.QWEN2) {
                JsonArray pair = new JsonArray();
                pair.add(m[0]);
                pair.add(m[1]);
                ms.add(pair);
            } else {
                ms.add(m[0] + " " + m[1]);
            }
        }
        model.add("merges", ms);

        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        JsonArray added = new JsonArray();
        int next = vocab.size();
        for (String s : style == Style.LING ? LING_SPECIALS : SPECIALS) added.add(addedToken(next++, s, true));
        added.add(addedToken(next, USER_DEFINED, false));
        root.add("added_tokens", added);
        root.add("normalizer", style == Style.QWEN2 ? typed("NFC") : null);
        JsonObject byteLevel = typed("ByteLevel");
        byteLevel.addProperty("add_prefix_space", style == Style.GPT2);
        byteLevel.addProperty("trim_offsets", false);
        byteLevel.addProperty("use_regex", style == Style.GPT2);
        if (style == Style.GPT2) {
            root.add("pre_tokenizer", byteLevel);
        } else {
            JsonObject split = typed("Split");
            JsonObject pattern = new JsonObject();
            pattern.addProperty("Regex", style.regex);
            split.add("pattern", pattern);
            split.addProperty("behavior", "Isolated");
            split.addProperty("invert", false);
            JsonObject seq = typed("Sequence");
            JsonArray steps = new JsonArray();
            steps.add(split);
            steps.add(byteLevel);
            seq.add("pretokenizers", steps);
            root.add("pre_tokenizer", seq);
        }
        root.add("post_processor", byteLevel);
        root.add("decoder", byteLevel);
        root.add("model", model);
        Files.createDirectories(dir);
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(root));
        return file;
    }

    private static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    private static JsonObject addedToken(int id, String content, boolean special) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("content", content);
        o.addProperty("single_word", false);
        o.addProperty("lstrip", false);
        o.addProperty("rstrip", false);
        o.addProperty("normalized", false);
        o.addProperty("special", special);
        return o;
    }

    /** The product's trainer on the fixed corpus (GPT-2 form: with the prefix space ByteLevel adds). */
    private static List<String[]> train(String regex, boolean prefixSpace, int mergeCount) {
        return BpeTrainer.train(prefixSpace ? " " + CORPUS : CORPUS, regex, 256 + mergeCount).merges();
    }
}
