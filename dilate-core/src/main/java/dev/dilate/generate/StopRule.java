package dev.dilate.generate;

/**
 * Stop tokens and stop strings. They are checked once a block is complete (a stop inside a
 * block can only be cut at once every position before it is known), which ends decoding early;
 * the final text is cut at the first stop token, then at the first stop string.
 */
public final class StopRule {
    private StopRule() {}

    /** True when the decoded region [promptLength, end) contains a stop token or string. */
    static boolean hit(int[] canvas, int promptLength, int end, GenerationConfig cfg, Vocabulary vocab) {
        for (int i = promptLength; i < end; i++) if (cfg.stopTokens().contains(canvas[i])) return true;
        if (cfg.stopStrings().isEmpty()) return false;
        String text = vocab.decode(java.util.Arrays.copyOfRange(canvas, promptLength, end));
        return cfg.stopStrings().stream().anyMatch(text::contains);
    }

    /** Generated ids up to (not including) the first stop token or mask. */
    static int[] cut(int[] canvas, int promptLength, GenerationConfig cfg, int mask) {
        int end = promptLength;
        while (end < canvas.length && canvas[end] != mask && !cfg.stopTokens().contains(canvas[end])) end++;
        return java.util.Arrays.copyOfRange(canvas, promptLength, end);
    }

    /** Text up to the earliest occurrence of any stop string. */
    public static String cutText(String text, java.util.List<String> stops) {
        int cut = text.length();
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0) cut = Math.min(cut, i);
        }
        return text.substring(0, cut);
    }
}
