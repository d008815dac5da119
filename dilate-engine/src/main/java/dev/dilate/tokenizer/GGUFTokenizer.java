package dev.dilate.tokenizer;

import dev.dilate.format.GGUFFile;
import dev.dilate.format.GGUFWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer in GGUF metadata, as llama.cpp writes byte-level BPE ({@code tokenizer.ggml.model =
 * "gpt2"}). llama.cpp names the pre-tokenizer ({@code tokenizer.ggml.pre}); dilate also stores the
 * regexes, the normalization and the ignore-merges flag under {@code tokenizer.dilate.*}, so a file
 * it wrote reads back exactly even when the name is one llama.cpp does not know.
 */
public final class GGUFTokenizer {
    private GGUFTokenizer() {}

    private static final String G = "tokenizer.ggml.", D = "tokenizer.dilate.";
    static final String TOKENS = G + "tokens";
    static final String MODEL = G + "model", PRE = G + "pre", TYPES = G + "token_type", MERGES = G + "merges",
            BOS = G + "bos_token_id", EOS = G + "eos_token_id", EOT = G + "eot_token_id", MASK = G + "mask_token_id",
            PAD = G + "padding_token_id", ADD_BOS = G + "add_bos_token", ADD_SPACE = G + "add_space_prefix",
            CHAT_TEMPLATE = "tokenizer.chat_template",
            PRE_REGEX = D + "pre_regex", NORMALIZER = D + "normalizer", IGNORE_MERGES = D + "ignore_merges";

    /** Whether the file carries a tokenizer at all. */
    public static boolean present(GGUFFile f) { return f.has(TOKENS); }

    /**
     * The tokenizer in a file's metadata. Where dilate's own keys are absent, the normalization and
     * ignore-merges flag follow the Hugging Face files of the named pre-tokenizer (qwen2: NFC;
     * llama-bpe, llama3: ignore merges).
     *
     * @throws IllegalArgumentException naming the file if the model is not {@code "gpt2"}, the
     *         pre-tokenizer is neither known nor given by regexes, or a key is missing or malformed
     */
    public static Tokenizer read(GGUFFile f) {
        String model = f.string(MODEL);
        if (!model.equals("gpt2"))
            throw new IllegalArgumentException(f.path() + ": " + MODEL + " is \"" + model + "\"; dilate reads only byte-level BPE (\"gpt2\")");
        List<String> tokens = f.array(TOKENS).stream().map(String::valueOf).toList();
        List<TokenType> types = new ArrayList<>(tokens.size());
        if (f.has(TYPES)) for (Object t : f.array(TYPES)) types.add(TokenType.of((Long) t));
        else tokens.forEach(t -> types.add(TokenType.NORMAL));
        List<BytePairModel.Merge> merges = new ArrayList<>();
        for (Object m : f.has(MERGES) ? f.array(MERGES) : List.of()) {
            String s = (String) m;
            int space = s.indexOf(' ', 1);
            if (space < 0) throw new IllegalArgumentException(f.path() + ": " + MERGES + " entry \"" + s + "\" is not \"left right\"");
            merges.add(new BytePairModel.Merge(s.substring(0, space), s.substring(space + 1)));
        }
        String name = f.has(PRE) ? f.string(PRE) : "default";
        PreTokenizer pre = f.has(PRE_REGEX)
                ? new PreTokenizer(name, f.array(PRE_REGEX).stream().map(String::valueOf).toList(), f.bool(ADD_SPACE, false))
                : PreTokenizer.named(name);
        if (pre == null)
            throw new IllegalArgumentException(f.path() + ": " + PRE + " \"" + name + "\" is not a pre-tokenizer dilate knows (" + PreTokenizer.knownNames() + ") and the file has no " + PRE_REGEX);
        // Without dilate's keys, follow the Hugging Face files these names come from: Qwen2 normalizes to NFC, Llama-3 ignores merges.
        Tokenizer.Normalization normalization = f.has(NORMALIZER) ? normalization(f)
                : name.equals("qwen2") ? Tokenizer.Normalization.NFC : Tokenizer.Normalization.NONE;
        boolean ignoreMerges = f.bool(IGNORE_MERGES, name.equals("llama-bpe") || name.equals("llama3"));
        SpecialIds specials = new SpecialIds(id(f, BOS), id(f, EOS), id(f, EOT), maskId(f), id(f, PAD), f.bool(ADD_BOS, false));
        String template = f.has(CHAT_TEMPLATE) ? f.string(CHAT_TEMPLATE) : null;
        try {
            return new Tokenizer(tokens, types, merges, pre, normalization, ignoreMerges, specials, template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f.path() + ": " + e.getMessage(), e);
        }
    }

    private static Tokenizer.Normalization normalization(GGUFFile f) {
        try {
            return Tokenizer.Normalization.valueOf(f.string(NORMALIZER));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f.path() + ": " + NORMALIZER + " \"" + f.string(NORMALIZER) + "\" is not NONE or NFC", e);
        }
    }

    private static int id(GGUFFile f, String key) { return Math.toIntExact(f.integer(key, -1)); }

    /** The mask id: the file's mask_token_id, else a known mask token's id (LLaDA's converter writes none), else -1. */
    public static int maskId(GGUFFile f) {
        if (f.has(MASK)) return id(f, MASK);
        List<?> tokens = f.has(TOKENS) ? f.array(TOKENS) : List.of();
        for (String name : List.of("<|mdm_mask|>", "<|mask|>")) if (tokens.contains(name)) return tokens.indexOf(name);
        return -1;
    }

    /** Adds the tokenizer's metadata to a file being written. */
    public static void write(Tokenizer t, GGUFWriter w) {
        w.putString(MODEL, "gpt2").putString(PRE, t.preTokenizer().name())
                .putStrings(TOKENS, t.tokens())
                .putI32s(TYPES, t.types().stream().map(type -> type.code).toList())
                .putStrings(MERGES, t.merges().stream().map(BytePairModel.Merge::spelled).toList())
                .putBool(ADD_BOS, t.specials().addBos())
                .putBool(ADD_SPACE, t.preTokenizer().addPrefixSpace())
                .putStrings(PRE_REGEX, t.preTokenizer().regexes())
                .putString(NORMALIZER, t.normalization().name())
                .putBool(IGNORE_MERGES, t.ignoresMerges());
        SpecialIds s = t.specials();
        putId(w, BOS, s.bos());
        putId(w, EOS, s.eos());
        putId(w, EOT, s.eot());
        putId(w, MASK, s.mask());
        putId(w, PAD, s.pad());
        t.chatTemplate().ifPresent(template -> w.putString(CHAT_TEMPLATE, template));
    }

    private static void putId(GGUFWriter w, String key, int id) {
        if (id >= 0) w.putU32(key, id);
    }
}
