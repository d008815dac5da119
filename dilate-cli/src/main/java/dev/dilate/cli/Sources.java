package dev.dilate.cli;

import dev.dilate.oracle.MarkovSource;
import dev.dilate.oracle.MarkovSources;

import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the --source flag into a Markov source: builtin, random, a chain JSON file, or a text file. */
final class Sources {
    private Sources() {}

    static final String HELP = "builtin (characters of a built-in paragraph), random (--alphabet symbols, --mix), "
            + "a chain .json file, or a UTF-8 text file to estimate a character chain from";

    static MarkovSource build(String source, int order, double mix, int alphabet, long seed) {
        return switch (source) {
            case "builtin" -> MarkovSources.builtin(order);
            case "random" -> MarkovSources.random(order, alphabet, mix, seed);
            default -> {
                Path p = Path.of(source);
                if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--source: no such file '" + source + "' (or use builtin / random)");
                yield source.endsWith(".json") ? MarkovSources.fromJson(p) : MarkovSources.fromText(p, order, 0.1);
            }
        };
    }

    /** Prompt text to symbol ids, with the flag named in the error. */
    static int[] encode(MarkovSource chain, String text) {
        try {
            return chain.encode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prompt: " + e.getMessage(), e);
        }
    }
}
