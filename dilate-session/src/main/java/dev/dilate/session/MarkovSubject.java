package dev.dilate.session;

import dev.dilate.generate.Denoiser;
import dev.dilate.oracle.ExactMarkovDenoiser;
import dev.dilate.oracle.MarkovSource;

import java.util.Set;

/** The exact Bayes denoiser of a Markov source: prompts are strings of its symbols. */
public final class MarkovSubject implements Subject {
    private final String name;
    private final MarkovSource chain;
    private final ExactMarkovDenoiser denoiser;

    public MarkovSubject(String name, MarkovSource chain) {
        this.name = name;
        this.chain = chain;
        this.denoiser = new ExactMarkovDenoiser(chain);
    }

    public MarkovSource chain() { return chain; }

    @Override public String name() { return name; }
    @Override public Denoiser denoiser() { return denoiser; }

    @Override
    public int[] encode(Prompt prompt) {
        if (prompt.isChat()) throw new IllegalArgumentException(name + " takes plain prompts (--style base)");
        return chain.encode(prompt.text() + prompt.assistantPrefix());
    }

    @Override public Set<Integer> stopTokens() { return Set.of(); }
    @Override public void close() {}
}
