package dev.dilate.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the words BPE merges within: an optional leading space, then each regex in turn
 * splits every piece, keeping both matches and the text between them (Hugging Face's "Isolated"
 * behaviour). The regexes are written for Oniguruma, which the Rust {@code tokenizers} crate uses;
 * with Unicode character classes Java reads the constructs byte-level BPE files use the same way
 * ({@code \p{L}}, {@code \p{N}}, {@code (?i:...)}, {@code \s+(?!\S)}).
 *
 * @param name     the pre-tokenizer's llama.cpp name ({@code tokenizer.ggml.pre}), or "custom"
 * @param regexes  the split patterns, applied in order
 * @param addPrefixSpace whether a space is put before text that does not start with one (GPT-2's option)
 */
public record PreTokenizer(String name, List<String> regexes, boolean addPrefixSpace) {

    /** GPT-2's pattern, which ByteLevel applies when its use_regex is on. */
    public static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** Qwen2's (and so Dream's): single digits, letters may take one leading non-letter. */
    public static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Llama-3's: like Qwen2's but digits in runs of up to three. */
    public static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /**
     * Ling's (LLaDA-MoE, LLaDA 2.x; llama.cpp's {@code bailingmoe2}): Qwen2's shape with possessive
     * quantifiers, which Java's regex has as Oniguruma does (llama.cpp rewrites them as greedy), and
     * a line break taken one at a time.
     */
    public static final String BAILINGMOE2 = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";

    private static final Map<String, String> BY_NAME = Map.of(
            "gpt-2", GPT2, "gpt2", GPT2, "default", GPT2, "qwen2", QWEN2, "llama-bpe", LLAMA3, "llama3", LLAMA3,
            "bailingmoe2", BAILINGMOE2, "bailingmoe", BAILINGMOE2, "llada-moe", BAILINGMOE2);

    /** Copies the regexes and compiles each now, so a bad pattern fails here ({@code PatternSyntaxException}). */
    public PreTokenizer {
        regexes = List.copyOf(regexes);
        for (String r : regexes) compile(r);   // fail at construction, not at first use
    }

    /** The llama.cpp names dilate knows, sorted, for error messages. */
    public static String knownNames() { return String.join(", ", new java.util.TreeSet<>(BY_NAME.keySet())); }

    /** The pre-tokenizer llama.cpp calls {@code name}, or null when the name is not one dilate knows. */
    public static PreTokenizer named(String name) {
        String regex = BY_NAME.get(name);
        return regex == null ? null : new PreTokenizer(name, List.of(regex), false);
    }

    /** A pre-tokenizer from its regexes, named after the known one it equals. */
    public static PreTokenizer of(List<String> regexes, boolean addPrefixSpace) {
        String name = regexes.equals(List.of(QWEN2)) ? "qwen2" : regexes.equals(List.of(LLAMA3)) ? "llama-bpe"
                : regexes.equals(List.of(GPT2)) ? "gpt-2" : regexes.equals(List.of(BAILINGMOE2)) ? "bailingmoe2"
                : "custom";   // the names llama.cpp accepts
        return new PreTokenizer(name, regexes, addPrefixSpace);
    }

    static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** A compiled form for splitting; compiled once per tokenizer. */
    Splitter splitter() { return new Splitter(regexes.stream().map(PreTokenizer::compile).toList(), addPrefixSpace); }

    record Splitter(List<Pattern> patterns, boolean addPrefixSpace) {
        List<String> split(String text) {
            List<String> pieces = List.of(addPrefixSpace && !text.startsWith(" ") ? " " + text : text);
            for (Pattern p : patterns) {
                List<String> next = new ArrayList<>();
                for (String piece : pieces) isolate(p, piece, next);
                pieces = next;
            }
            return pieces;
        }

        private static void isolate(Pattern p, String text, List<String> out) {
            Matcher m = p.matcher(text);
            int at = 0;
            while (m.find()) {
                if (m.start() > at) out.add(text.substring(at, m.start()));
                if (m.end() > m.start()) out.add(m.group());
                at = m.end();
            }
            if (at < text.length()) out.add(text.substring(at));
        }
    }
}
