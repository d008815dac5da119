package dev.dilate.session;

import dev.dilate.model.ShippedModels;
import dev.dilate.oracle.MarkovSources;

/** Opens what {@code --model} names: a shipped model ({@code default} or {@code text}), a GGUF file or Hugging Face folder, or {@code markov:NAME}, a first-order Markov source named as {@code generate --source} names one. */
public final class Subjects {
    private Subjects() {}

    public static Subject open(String spec) {
        if (spec.startsWith("markov:")) {     // a first-order chain, named as --source names one
            try {
                return new MarkovSubject(spec, MarkovSources.named(spec.substring("markov:".length()), 1, 0.5, 4, 7));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model " + spec + ": " + e.getMessage(), e);
            }
        }
        return new ModelSubject(spec, ShippedModels.resolve(spec));
    }
}
