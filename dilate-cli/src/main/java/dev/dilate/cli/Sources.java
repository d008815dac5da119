package dev.dilate.cli;

import dev.dilate.oracle.MarkovSource;
import dev.dilate.oracle.MarkovSources;


/** The --source flag: a Markov source named as {@link MarkovSources#named} names one, errors naming the flag. */
final class Sources {
    private Sources() {}

    static final String HELP = MarkovSources.NAMES_HELP;

    static MarkovSource build(String source, int order, double mix, int alphabet, long seed) {
        try {
            return MarkovSources.named(source, order, mix, alphabet, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--source: " + e.getMessage(), e);
        }
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
