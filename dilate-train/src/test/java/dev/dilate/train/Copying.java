package dev.dilate.train;

import dev.dilate.model.ModelConfig;

import java.util.SplittableRandom;

/** An easy job for tests: the prompt is n digits and a separator, the answer the same digits. */
record Copying(int digits) implements TrainingData {
    static final int SEPARATOR = 10, EOS = 11, MASK = 12, VOCAB = 13;

    static ModelConfig model(int dim, int layers, int heads, int kvHeads, int ffn) {
        return new ModelConfig("llada", dim, layers, heads, kvHeads, dim / heads, ffn, VOCAB, 1e-5f, 10000f, false, MASK, false, 64);
    }

    @Override
    public Example next(SplittableRandom rng) {
        int[] prompt = new int[digits + 1], answer = new int[digits];
        for (int i = 0; i < digits; i++) prompt[i] = answer[i] = rng.nextInt(10);
        prompt[digits] = SEPARATOR;
        return new Example(prompt, answer);
    }
}
