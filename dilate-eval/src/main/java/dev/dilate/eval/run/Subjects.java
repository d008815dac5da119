package dev.dilate.eval.run;

import dev.dilate.model.ShippedModels;
import dev.dilate.oracle.MarkovSources;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens what {@code --model} names: a shipped model ({@code default} or {@code text}), a GGUF file or Hugging Face folder, or {@code markov:builtin} / {@code markov:FILE}. */
public final class Subjects {
    private Subjects() {}

    public static Subject open(String spec) {
        if (spec.startsWith("markov:")) {
            String source = spec.substring("markov:".length());
            if (source.equals("builtin")) return new MarkovSubject(spec, MarkovSources.builtin(1));
            Path p = Path.of(source);
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--model " + spec + ": no such chain file (or use markov:builtin)");
            return new MarkovSubject(spec, source.endsWith(".json") ? MarkovSources.fromJson(p) : MarkovSources.fromText(p, 1, 0.1));
        }
        return new ModelSubject(spec, ShippedModels.resolve(spec));
    }
}
