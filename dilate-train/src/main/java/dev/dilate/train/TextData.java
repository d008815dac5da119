package dev.dilate.train;

import dev.dilate.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training examples from plain text, as an MDLM is pretrained: the documents (separated by blank
 * lines) are tokenized once into one stream with EOS between them, and each example is a window
 * of {@code window} tokens starting anywhere, with no prompt, so any position may be masked.
 */
public final class TextData implements TrainingData {
    private final int[] stream;
    private final int window;

    public TextData(String text, Tokenizer tokenizer, int window) {
        if (tokenizer.eosId() < 0) throw new IllegalArgumentException("the tokenizer needs an EOS token to separate documents");
        if (window < 2) throw new IllegalArgumentException("the window must hold at least 2 tokens, got " + window);
        List<int[]> documents = new ArrayList<>();
        long total = 0;
        for (String doc : text.split("\\n\\s*\\n")) {
            if (doc.isBlank()) continue;
            int[] ids = tokenizer.encode(doc.strip(), false, false);
            documents.add(ids);
            total += ids.length + 1;
        }
        if (total < window + 1) throw new IllegalArgumentException("the text is " + total + " tokens, shorter than one window of " + window);
        stream = new int[Math.toIntExact(total)];
        int at = 0;
        for (int[] ids : documents) {
            System.arraycopy(ids, 0, stream, at, ids.length);
            at += ids.length;
            stream[at++] = tokenizer.eosId();
        }
        this.window = window;
    }

    /** Tokens in the stream, EOS separators included. */
    public int tokens() { return stream.length; }

    @Override
    public Example next(SplittableRandom rng) {
        int start = rng.nextInt(stream.length - window + 1);
        return new Example(new int[0], java.util.Arrays.copyOfRange(stream, start, start + window));
    }
}
