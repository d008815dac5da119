package dev.dilate.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face {@code tokenizer.json} (a BPE model with a byte-level pre-tokenizer: the
 * GPT-2, Qwen2 and Llama-3 forms), and the {@code tokenizer_config.json} beside it when there is one
 * (BOS/EOS names, add_bos_token, chat template). Anything else fails naming the file and the field,
 * rather than tokenizing differently from the model's own tokenizer.
 */
public final class TokenizerJson {
    private final Path path;

    private TokenizerJson(Path path) { this.path = path; }

    /** Loads {@code tokenizer.json}, or the one inside a directory. */
    public static Tokenizer load(Path file) {
        Path json = Files.isDirectory(file) ? file.resolve("tokenizer.json") : file;
        Path config = json.resolveSibling("tokenizer_config.json");
        TokenizerJson tokenizerFile = new TokenizerJson(json), configFile = new TokenizerJson(config);
        JsonObject cfg = Files.exists(config) ? configFile.read() : new JsonObject();
        try {
            return tokenizerFile.build(tokenizerFile.read(), configFile, cfg);
        } catch (IllegalStateException | UnsupportedOperationException | ClassCastException | NumberFormatException
                 | NullPointerException | IndexOutOfBoundsException e) {
            // Gson's accessors fail this way on values of the wrong shape
            throw new IllegalArgumentException(json + " (or " + config.getFileName() + "): malformed tokenizer file: " + e, e);
        }
    }

    private JsonObject read() {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(path));
            if (!e.isJsonObject()) throw error("", "the file is not a JSON object");
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(path + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private Tokenizer build(JsonObject root, TokenizerJson configFile, JsonObject config) {
        JsonObject model = object(root, "model");
        String type = string(model, "model.type");
        if (!type.equals("BPE")) throw error("model.type", "is \"" + type + "\"; dilate reads only BPE models");
        requireAbsentOr(model, "model.continuing_subword_prefix", "");
        requireAbsentOr(model, "model.end_of_word_suffix", "");
        requireAbsentOr(model, "model.byte_fallback", "false");
        requireAbsentOr(model, "model.dropout", null);

        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        Map<Integer, TokenType> typeById = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : object(model, "model.vocab").entrySet()) {
            int id = e.getValue().getAsInt();
            ids.put(e.getKey(), id);
            byId.put(id, e.getKey());
            typeById.put(id, TokenType.NORMAL);
        }
        JsonArray addedTokens = root.has("added_tokens") ? array(root, "added_tokens") : new JsonArray();
        for (int i = 0; i < addedTokens.size(); i++) {
            String field = "added_tokens[" + i + "]";
            JsonObject a = addedTokens.get(i).getAsJsonObject();
            for (String flag : List.of("single_word", "lstrip", "rstrip"))
                if (a.has(flag) && a.get(flag).getAsBoolean()) throw error(field + "." + flag, "is true; dilate does not support it");
            int id = a.get("id").getAsInt();
            String content = string(a, field + ".content");
            ids.put(content, id);
            byId.put(id, content);
            typeById.put(id, a.has("special") && a.get("special").getAsBoolean() ? TokenType.CONTROL : TokenType.USER_DEFINED);
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<String> tokens = new ArrayList<>(size);
        List<TokenType> types = new ArrayList<>(size);
        for (int id = 0; id < size; id++) {
            tokens.add(byId.getOrDefault(id, Tokenizer.unusedName(id)));   // holes in the id space, as llama.cpp fills them
            types.add(typeById.getOrDefault(id, TokenType.UNUSED));
        }

        String bos = configFile.tokenName(config, "bos_token");
        SpecialIds specials = new SpecialIds(idOf(ids, bos),
                idOf(ids, configFile.tokenName(config, "eos_token"), "<|endoftext|>", "<|end_of_text|>"),
                idOf(ids, "<|eot_id|>", "<|im_end|>", "<|role_end|>"),
                idOf(ids, "<|mdm_mask|>", "<|mask|>"),
                idOf(ids, configFile.tokenName(config, "pad_token")),
                config.has("add_bos_token") ? config.get("add_bos_token").getAsBoolean() : templateStartsWith(root, bos));
        boolean ignoreMerges = model.has("ignore_merges") && model.get("ignore_merges").getAsBoolean();
        // A byte-level BPE file spells every byte; one that lacks a byte token is damaged.
        for (int b = 0; b < 256; b++)
            if (!ids.containsKey(String.valueOf(ByteAlphabet.charOf(b))))
                throw new IllegalArgumentException(String.format("%s: 'model.vocab' has no token for byte 0x%02x ('%s')", path, b, ByteAlphabet.charOf(b)));
        try {
            return new Tokenizer(tokens, types, merges(model), preTokenizer(root), normalization(root), ignoreMerges,
                    specials, configFile.chatTemplate(config));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private List<BytePairModel.Merge> merges(JsonObject model) {
        JsonArray merges = array(model, "model.merges");
        List<BytePairModel.Merge> out = new ArrayList<>(merges.size());
        for (int i = 0; i < merges.size(); i++) {
            JsonElement m = merges.get(i);
            String[] parts = m.isJsonArray() ? new String[] {m.getAsJsonArray().get(0).getAsString(), m.getAsJsonArray().get(1).getAsString()}
                    : m.getAsString().split(" ", -1);
            if (parts.length != 2 || m.isJsonArray() && m.getAsJsonArray().size() != 2)
                throw error("model.merges[" + i + "]", "is " + m + ", not a pair");
            out.add(new BytePairModel.Merge(parts[0], parts[1]));
        }
        return out;
    }

    private Tokenizer.Normalization normalization(JsonObject root) {
        JsonElement n = root.get("normalizer");
        if (n == null || n.isJsonNull()) return Tokenizer.Normalization.NONE;
        List<JsonElement> steps = typeOf(n.getAsJsonObject()).equals("Sequence")
                ? array(n.getAsJsonObject(), "normalizer.normalizers").asList() : List.of(n);
        Tokenizer.Normalization out = Tokenizer.Normalization.NONE;
        for (JsonElement step : steps) {
            String t = typeOf(step.getAsJsonObject());
            if (!t.equals("NFC")) throw error("normalizer", "has type \"" + t + "\"; dilate supports none, or NFC");
            out = Tokenizer.Normalization.NFC;
        }
        return out;
    }

    /** Split(regex, Isolated)* then ByteLevel, or ByteLevel alone: the byte-level forms in use. */
    private PreTokenizer preTokenizer(JsonObject root) {
        JsonElement p = root.get("pre_tokenizer");
        if (p == null || p.isJsonNull()) throw error("pre_tokenizer", "is missing; dilate needs a byte-level pre-tokenizer");
        JsonObject pre = p.getAsJsonObject();
        boolean sequence = typeOf(pre).equals("Sequence");
        List<JsonElement> steps = sequence ? array(pre, "pre_tokenizer.pretokenizers").asList() : List.of(pre);
        List<String> regexes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String field = sequence ? "pre_tokenizer.pretokenizers[" + i + "]" : "pre_tokenizer";
            JsonObject step = steps.get(i).getAsJsonObject();
            String t = typeOf(step);
            boolean last = i == steps.size() - 1;
            if (t.equals("Split") && !last) {
                regexes.add(splitRegex(step, field));
            } else if (t.equals("ByteLevel") && last) {
                boolean prefix = !step.has("add_prefix_space") || step.get("add_prefix_space").getAsBoolean();
                if (prefix && !regexes.isEmpty()) throw error(field + ".add_prefix_space", "is true after a Split; dilate does not support that order");
                if (!step.has("use_regex") || step.get("use_regex").getAsBoolean()) regexes.add(PreTokenizer.GPT2);
                return build(regexes, prefix, field);
            } else {
                throw error(field, "is " + t + "; dilate supports Split steps followed by one ByteLevel");
            }
        }
        throw error("pre_tokenizer", "does not end with ByteLevel");
    }

    private PreTokenizer build(List<String> regexes, boolean prefix, String field) {
        try {
            return PreTokenizer.of(regexes, prefix);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw error(field, "has a regex Java cannot compile: " + e.getDescription());
        }
    }

    private String splitRegex(JsonObject split, String field) {
        String behavior = string(split, field + ".behavior");
        if (!behavior.equals("Isolated")) throw error(field + ".behavior", "is " + behavior + "; dilate supports Isolated");
        if (split.has("invert") && split.get("invert").getAsBoolean()) throw error(field + ".invert", "is true; dilate does not support it");
        JsonObject pattern = object(split, field + ".pattern");
        if (pattern.has("Regex")) return pattern.get("Regex").getAsString();
        if (pattern.has("String")) return java.util.regex.Pattern.quote(pattern.get("String").getAsString());
        throw error(field + ".pattern", "has neither Regex nor String");
    }

    /** Whether the post-processor puts {@code bos} before the text (Llama-3's TemplateProcessing). */
    private static boolean templateStartsWith(JsonObject root, String bos) {
        JsonElement p = root.get("post_processor");
        if (bos == null || p == null || !p.isJsonObject() || !p.getAsJsonObject().has("single")) return false;
        JsonArray single = p.getAsJsonObject().getAsJsonArray("single");
        if (single.isEmpty() || !single.get(0).getAsJsonObject().has("SpecialToken")) return false;
        return single.get(0).getAsJsonObject().getAsJsonObject("SpecialToken").get("id").getAsString().equals(bos);
    }

    /** A special token's name in tokenizer_config.json: a string, or an object with "content". */
    private String tokenName(JsonObject config, String key) {
        JsonElement e = config.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonPrimitive()) return e.getAsString();
        return string(e.getAsJsonObject(), key + ".content");
    }

    /** The chat template: a string, or a list of named templates of which "default" is used. */
    private String chatTemplate(JsonObject config) {
        JsonElement e = config.get("chat_template");
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonPrimitive()) return e.getAsString();
        for (JsonElement t : e.getAsJsonArray())
            if (t.getAsJsonObject().get("name").getAsString().equals("default")) return t.getAsJsonObject().get("template").getAsString();
        throw error("chat_template", "is a list without a \"default\" template");
    }

    private static int idOf(Map<String, Integer> ids, String... names) {
        for (String n : names) if (n != null && ids.containsKey(n)) return ids.get(n);
        return -1;
    }

    private void requireAbsentOr(JsonObject o, String field, String allowed) {
        JsonElement e = o.get(field.substring(field.lastIndexOf('.') + 1));
        if (e == null || e.isJsonNull() || allowed != null && e.getAsString().equals(allowed)) return;
        throw error(field, "is " + e + "; dilate does not support it");
    }

    private String typeOf(JsonObject o) { return o.has("type") ? o.get("type").getAsString() : "(no type)"; }

    private JsonObject object(JsonObject o, String field) {
        JsonElement e = o.get(field.substring(field.lastIndexOf('.') + 1));
        if (e == null || !e.isJsonObject()) throw error(field, e == null ? "is missing" : "is not an object");
        return e.getAsJsonObject();
    }

    private JsonArray array(JsonObject o, String field) {
        JsonElement e = o.get(field.substring(field.lastIndexOf('.') + 1));
        if (e == null || !e.isJsonArray()) throw error(field, e == null ? "is missing" : "is not an array");
        return e.getAsJsonArray();
    }

    private String string(JsonObject o, String field) {
        JsonElement e = o.get(field.substring(field.lastIndexOf('.') + 1));
        if (e == null || !e.isJsonPrimitive()) throw error(field, e == null ? "is missing" : "is not a string");
        return e.getAsString();
    }

    private IllegalArgumentException error(String field, String problem) {
        return new IllegalArgumentException(path + ": " + (field.isEmpty() ? "" : "'" + field + "' ") + problem);
    }
}
