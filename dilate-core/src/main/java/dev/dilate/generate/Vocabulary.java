package dev.dilate.generate;

import java.util.HashSet;
import java.util.Set;

/** Token ids to text, for display, stop strings and output. */
public interface Vocabulary {
    /** Number of token ids; logits rows have this length. */
    int size();

    /** The text of one token, as it appears inside decoded text. */
    String piece(int id);

    /** Decodes a run of ids into text. */
    default String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(piece(id));
        return sb.toString();
    }

    /** End-of-sequence id, or -1 when the vocabulary has none. */
    default int eosId() { return -1; }

    /** End-of-turn id (LLaDA-Instruct's EoT), or -1. */
    default int eotId() { return -1; }

    /** The ids that end an answer: EOS and end of turn, those the vocabulary has. */
    default Set<Integer> endIds() {
        Set<Integer> ids = new HashSet<>();
        if (eosId() >= 0) ids.add(eosId());
        if (eotId() >= 0) ids.add(eotId());
        return ids;
    }
}
