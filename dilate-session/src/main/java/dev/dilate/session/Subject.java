package dev.dilate.session;

import dev.dilate.generate.Denoiser;

import java.util.Set;

/** What an evaluation decodes with: a denoiser, how prompts become its ids, and the ids that end an answer. */
public interface Subject extends AutoCloseable {

    /** The name recorded in results (the model's path, or markov:...). */
    String name();

    Denoiser denoiser();

    /** The prompt's ids, chat template and assistant prefix applied. */
    int[] encode(Prompt prompt);

    /** Ids that end the answer (EOS, end of turn); decoding stops at the block that produces one. */
    Set<Integer> stopTokens();

    @Override void close();
}
