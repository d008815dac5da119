package dev.dilate.tokenizer;

import dev.dilate.generate.Vocabulary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A byte-level BPE tokenizer (GPT-2, Qwen2, Llama-3 and so LLaDA and Dream): added tokens are cut
 * out of the text first, the rest is normalized, split by the pre-tokenizer, spelled in GPT-2's
 * byte alphabet and merged by rank. Decoding maps the alphabet back to bytes and spells added
 * tokens as their text. Thread-safe once built.
 */
public final class Tokenizer implements Vocabulary {

    /** Text normalization applied before pre-tokenizing (Qwen2's files ask for NFC). */
    public enum Normalization { NONE, NFC }

    private final List<String> tokens;
    private final List<TokenType> types;
    private final List<BytePairModel.Merge> merges;
    private final PreTokenizer preTokenizer;
    private final PreTokenizer.Splitter splitter;
    private final Normalization normalization;
    private final boolean ignoreMerges;
    private final SpecialIds specials;
    private final String chatTemplate;
    private final Map<String, Integer> ids = new HashMap<>();
    private final BytePairModel bpe;
    private final AddedTokens added;

    /**
     * @param tokens       every token's string, indexed by id
     * @param types        every token's type, indexed by id
     * @param merges       merge rules, highest priority first
     * @param chatTemplate the Jinja chat template the files carried, or null
     */
    Tokenizer(List<String> tokens, List<TokenType> types, List<BytePairModel.Merge> merges, PreTokenizer preTokenizer,
              Normalization normalization, boolean ignoreMerges, SpecialIds specials, String chatTemplate) {
        if (tokens.size() != types.size())
            throw new IllegalArgumentException(tokens.size() + " tokens but " + types.size() + " token types");
        this.tokens = List.copyOf(tokens);
        this.types = List.copyOf(types);
        this.merges = List.copyOf(merges);
        this.preTokenizer = preTokenizer;
        this.splitter = preTokenizer.splitter();
        this.normalization = normalization;
        this.ignoreMerges = ignoreMerges;
        this.specials = specials;
        this.chatTemplate = chatTemplate;
        Map<String, Integer> bpeIds = new HashMap<>();
        Map<String, Integer> addedIds = new HashMap<>();
        Map<String, TokenType> addedTypes = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            TokenType type = types.get(id);
            ids.putIfAbsent(t, id);
            if (type.byteLevel()) bpeIds.putIfAbsent(t, id);
            if (type == TokenType.CONTROL || type == TokenType.USER_DEFINED) {
                addedIds.putIfAbsent(t, id);
                addedTypes.putIfAbsent(t, type);
            }
        }
        this.bpe = new BytePairModel(bpeIds, this.merges, ignoreMerges);
        this.added = new AddedTokens(addedIds, addedTypes);
    }

    /** The mask id of {@link #bytes}: after the 256 byte tokens, BOS and EOS. */
    public static final int BYTES_MASK_ID = 258;

    /**
     * A byte-level tokenizer without merges: the 256 byte tokens, then the given special tokens
     * (BOS, EOS, mask, in that order), then unused ids up to {@code size}. Models with random
     * weights (tests, benchmarks) get it so that any runtime, llama.cpp included, can load them.
     * Its chat template passes message text through unchanged, since llama.cpp's diffusion
     * program always applies one.
     */
    public static Tokenizer bytes(int size, String bos, String eos, String mask) {
        if (size <= BYTES_MASK_ID) throw new IllegalArgumentException("a byte tokenizer needs at least " + (BYTES_MASK_ID + 1) + " ids, got " + size);
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) all[b] = (byte) b;
        return withoutMerges(all, List.of(bos, eos, mask), new SpecialIds(256, 257, -1, BYTES_MASK_ID, -1, true)).paddedTo(size);
    }

    /**
     * A character-level tokenizer for a small ASCII alphabet (the synthetic tasks' models): one token
     * per character, in the alphabet's order, then EOS and the mask token; no BOS.
     */
    public static Tokenizer characters(String alphabet, String eos, String mask) {
        byte[] chars = alphabet.getBytes(StandardCharsets.US_ASCII);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(alphabet) || alphabet.chars().distinct().count() != alphabet.length())
            throw new IllegalArgumentException("a character tokenizer needs distinct ASCII characters, got '" + alphabet + "'");
        return withoutMerges(chars, List.of(eos, mask), new SpecialIds(-1, chars.length, -1, chars.length + 1, -1, false));
    }

    /** Byte tokens for the given bytes, then control tokens, no merges. */
    private static Tokenizer withoutMerges(byte[] bytes, List<String> controls, SpecialIds ids) {
        List<String> t = new ArrayList<>();
        List<TokenType> ty = new ArrayList<>();
        for (byte b : bytes) {
            t.add(String.valueOf(ByteAlphabet.charOf(b)));
            ty.add(TokenType.NORMAL);
        }
        for (String c : controls) {
            t.add(c);
            ty.add(TokenType.CONTROL);
        }
        return new Tokenizer(t, ty, List.of(), PreTokenizer.named("default"), Normalization.NONE, false, ids,
                "{% for message in messages %}{{ message['content'] }}{% endfor %}");
    }

    /** Text to ids as Hugging Face's {@code encode(text, add_special_tokens=False)} does: added tokens recognised, no BOS. */
    public int[] encode(String text) { return encode(text, false, true); }

    /**
     * Text to ids.
     *
     * @param addSpecial   prepend BOS when the tokenizer asks for it ({@link SpecialIds#addBos()})
     * @param parseSpecial recognise control tokens written in the text; off, their text is tokenized as plain text
     */
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        if (addSpecial && specials.addBos() && specials.bos() >= 0) out.add(specials.bos());
        for (AddedTokens.Segment s : added.split(text, parseSpecial)) {
            switch (s) {
                case AddedTokens.Token t -> out.add(t.id());
                case AddedTokens.Text t -> {
                    String normalized = normalization == Normalization.NFC ? Normalizer.normalize(t.text(), Normalizer.Form.NFC) : t.text();
                    for (String word : splitter.split(normalized)) for (int id : bpe.encode(word)) out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * This tokenizer with unused "[PAD{id}]" tokens appended up to {@code size} ids, as llama.cpp's
     * converter pads a vocabulary to the model's embedding rows (LLaDA has 126,464 rows for fewer tokens).
     */
    public Tokenizer paddedTo(int size) {
        if (size < tokens.size()) throw new IllegalArgumentException("cannot pad " + tokens.size() + " tokens down to " + size);
        List<String> t = new ArrayList<>(tokens);
        List<TokenType> ty = new ArrayList<>(types);
        for (int id = tokens.size(); id < size; id++) {
            t.add(unusedName(id));
            ty.add(TokenType.UNUSED);
        }
        return new Tokenizer(t, ty, merges, preTokenizer, normalization, ignoreMerges, specials, chatTemplate);
    }

    /** The name llama.cpp gives an id no token occupies. */
    static String unusedName(int id) { return "[PAD" + id + "]"; }

    /**
     * Joins the tokens' bytes, then decodes them as UTF-8, so a character split across tokens comes
     * out whole; an id outside the vocabulary reads {@code <id>}.
     */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) appendBytes(bytes, id);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** One token decoded alone: a token holding part of a UTF-8 character gives U+FFFD. */
    @Override
    public String piece(int id) { return decode(new int[] {id}); }

    private void appendBytes(ByteArrayOutputStream bytes, int id) {
        if (id < 0 || id >= tokens.size()) {
            bytes.writeBytes(("<" + id + ">").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String t = tokens.get(id);
        if (!types.get(id).byteLevel()) {
            bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));   // added tokens are spelled as their text
            return;
        }
        t.codePoints().forEach(c -> {
            int b = ByteAlphabet.byteOf(c);
            if (b >= 0) bytes.write(b);
            else bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** EOS, end of turn, and DiffuCoder's {@code <|dlm_pad|>}, which its instruct models write after an answer. */
    @Override
    public Set<Integer> endIds() {
        Set<Integer> ids = Vocabulary.super.endIds();
        if (id("<|dlm_pad|>") >= 0) ids.add(id("<|dlm_pad|>"));
        return ids;
    }

    @Override public int size() { return tokens.size(); }
    @Override public int eosId() { return specials.eos(); }
    @Override public int eotId() { return specials.eot(); }

    /** The id of a token given by its string (as stored, e.g. {@code "Ġthe"} or {@code "<|im_end|>"}), or -1. */
    public int id(String token) { return ids.getOrDefault(token, -1); }

    /** A token's string as stored (byte-level tokens in GPT-2's alphabet). */
    public String token(int id) { return tokens.get(id); }

    /** A token's type (normal, control, user-defined, ...), which decides whether its string is byte-level BPE text or literal text. */
    public TokenType type(int id) { return types.get(id); }
    /** The BOS, EOS, end-of-turn, mask and padding ids, and whether prompts start with BOS. */
    public SpecialIds specials() { return specials; }
    /** How text is split into words before merging. */
    public PreTokenizer preTokenizer() { return preTokenizer; }
    /** The normalization applied to text before pre-tokenizing. */
    public Normalization normalization() { return normalization; }
    /** True when a word that is itself a token is taken whole instead of merged (Llama-3's {@code ignore_merges}). */
    public boolean ignoresMerges() { return ignoreMerges; }
    /** The Jinja chat template the files carried, if any. */
    public Optional<String> chatTemplate() { return Optional.ofNullable(chatTemplate); }

    List<String> tokens() { return tokens; }
    List<TokenType> types() { return types; }
    List<BytePairModel.Merge> merges() { return merges; }
}
