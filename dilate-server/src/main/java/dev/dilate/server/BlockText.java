package dev.dilate.server;

import dev.dilate.generate.StopRule;
import dev.dilate.generate.Vocabulary;

import java.util.List;
import java.util.Set;

/**
 * A streamed answer's text as it becomes final. Blocks are decided left to right, so once a block
 * has no masked position left, the text up to its end can no longer change: it goes out as soon as
 * that block is done, cut as the whole answer will be (at the first stop token, then the first
 * stop string). Held back until the next block: a trailing piece of a character split between
 * tokens, and a tail that could be the start of a stop string the next block completes. So the
 * pieces sent, joined, are always a prefix of the final text, and {@link #rest} completes it.
 */
final class BlockText {
    private final int promptLength, block, mask;
    private final Set<Integer> stopTokens;
    private final List<String> stops;
    private final Vocabulary vocab;
    /** Blocks known to be complete, and the text already sent. */
    private int complete;
    private String sent = "";

    BlockText(int promptLength, int block, int mask, Set<Integer> stopTokens, List<String> stops, Vocabulary vocab) {
        this.promptLength = promptLength;
        this.block = block;
        this.mask = mask;
        this.stopTokens = stopTokens;
        this.stops = stops;
        this.vocab = vocab;
    }

    /** The new final text after a step left the canvas as it is ("" when no block was completed). */
    String afterStep(int[] canvas) {
        int before = complete;
        while (promptLength + (complete + 1) * block <= canvas.length && done(canvas, complete)) complete++;
        if (complete == before) return "";
        int end = promptLength;
        boolean ended = false;
        for (; end < promptLength + complete * block; end++)
            if (stopTokens.contains(canvas[end])) { ended = true; break; }
        String whole = vocab.decode(java.util.Arrays.copyOfRange(canvas, promptLength, end));
        String text = StopRule.cutText(whole, stops);
        if (!ended && text.length() == whole.length()) text = text.substring(0, text.length() - heldBack(text));
        if (text.length() <= sent.length()) return "";
        String delta = text.substring(sent.length());
        sent = text;
        return delta;
    }

    /** The final text past what was sent. */
    String rest(String finalText) {
        if (!finalText.startsWith(sent))
            throw new IllegalStateException("streamed text '" + sent + "' is not a prefix of the answer '" + finalText + "'");
        return finalText.substring(sent.length());
    }

    private boolean done(int[] canvas, int b) {
        for (int i = promptLength + b * block; i < promptLength + (b + 1) * block; i++) if (canvas[i] == mask) return false;
        return true;
    }

    /** Characters at the end of text that a later block may still change: a split character, or the start of a stop string. */
    private int heldBack(String text) {
        int hold = 0;
        while (hold < text.length() && text.charAt(text.length() - 1 - hold) == '\uFFFD') hold++;
        String settled = text.substring(0, text.length() - hold);
        int prefix = 0;
        for (String stop : stops)
            for (int k = Math.min(stop.length() - 1, settled.length()); k > prefix; k--)
                if (settled.endsWith(stop.substring(0, k))) { prefix = k; break; }
        return hold + prefix;
    }
}
