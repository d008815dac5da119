package dev.dilate.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts that exercise the pre-tokenizer's corners, plus seeded random mixtures of hard fragments. */
final class Samples {
    private Samples() {}

    static final List<String> FIXED = List.of(
            "Hello world",
            " leading space and trailing space ",
            "It's I'd you're we've they'll she'd I'm IT'S WE'VE You'Re",
            "Numbers: 1 12 123 1234 12345 3.14159 1,000,000 2024-06-01 007",
            "٣٤٥ Arabic-Indic digits and ½ ⅔ fractions and ² superscripts",
            "Le café naïve façade résumé Ångström; e\u0301 combining accent",
            "你好，世界！日本語のテキスト。한국어 텍스트",
            "Emoji 🙂🚀👨‍👩‍👧 and flags 🇫🇷 and 🏳️‍🌈",
            "def f(x):\n    if x:\n        return x * 2\n\treturn None\n",
            "    indented\n        more\n\n\n  blank lines above   \n",
            "spaces   between     words      \t\t tabs",
            "windows\r\nline\r\nendings\r\n\r\n",
            "trailing newline\n",
            "\n\n\nleading newlines",
            "symbols !!! ??? ... --- ==> <= >= != && || ;; :: ()[]{}",
            "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n",
            "text<|endoftext|>more<|endoftext|><|endoftext|>",
            "a <tool> user-defined token and <|mask|><|mask|> masks",
            "almost special <|im_start and <|endoftext| not quite",
            "the zebra ate a zebra; zebras",
            "URL https://example.com/path?query=1&b=2#frag and email a.b@c.de",
            "mixed123abc ABC123 _under_score_ camelCase snake_case CONSTANT",
            "\u00a0non-breaking\u2003em-space\u3000ideographic space",
            "",
            " ",
            "a",
            "’curly’ “quotes” – dash — emdash … ellipsis");

    private static final String[] FRAGMENTS = {
            " ", "  ", "\t", "\n", "\r\n", "\n\n", "'s", "'LL", "'d", "the", "The", " quick", "12", "345", "6789",
            "é", "e\u0301", "ß", "ﬁ", "你", "好", "🙂", "🚀", "👍🏽", ".", ",", "!?", "...", "(", ")", "{", "}", "=",
            "==", "->", "$", "%", "_", "-", "ünï", "Ω", "ж", "ש", "ع", "١٢", "<|im_end|>", "<|endoftext|>", "<tool>",
            "<|", "|>", "zebra", "\u00a0", "\u2028", "\u0000", "\u001b", "\ud835\udc00"};

    /** Seeded random mixtures of fragments; the same list on every run. */
    static List<String> random(int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(24);
            for (int k = 0; k < n; k++) sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            out.add(sb.toString());
        }
        return out;
    }

    static List<String> all() {
        List<String> out = new ArrayList<>(FIXED);
        out.addAll(random(300, 42));
        return out;
    }
}
