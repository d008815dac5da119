package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

class KeywordChecksTest {

    @Test
    void existenceNeedsEveryKeywordInAnyCase() {
        String id = "keywords:existence", k = "{\"keywords\": [\"dragon\", \"castle\"]}";
        passes(id, k, "The DRAGON slept in the Castle.");
        passes(id, k, "dragonfly castles");                  // a search, not whole words
        fails(id, k, "The dragon slept in the tower.");
    }

    @Test
    void frequencyCountsOccurrencesAgainstTheRelation() {
        String less = "{\"keyword\": \"war\", \"frequency\": 2, \"relation\": \"less than\"}";
        String atLeast = "{\"keyword\": \" war \", \"frequency\": 2, \"relation\": \"at least\"}";
        passes("keywords:frequency", less, "War is over.");
        fails("keywords:frequency", less, "War and warfare.");  // 2 is not < 2
        passes("keywords:frequency", atLeast, "War and warfare."); // keyword stripped, substrings count
        fails("keywords:frequency", atLeast, "Peace is here.");
    }

    @Test
    void forbiddenWordsMatchWholeWordsOnly() {
        String id = "keywords:forbidden_words", k = "{\"forbidden_words\": [\"taste\", \"sweet\"]}";
        passes(id, k, "It was tasteful and sweetened.");
        fails(id, k, "It was SWEET.");
        fails(id, k, "a taste_ful? no: (taste)");
        passes(id, k, "tastes_");                             // "_" is a word character, as in Python
    }

    @Test
    void letterFrequencyCountsTheLowerCasedLetter() {
        String atLeast = "{\"letter\": \"q\", \"let_frequency\": 3, \"let_relation\": \"at least\"}";
        String less = "{\"letter\": \"#\", \"let_frequency\": 2, \"let_relation\": \"less than\"}";
        passes("keywords:letter_frequency", atLeast, "Quick quiet Queen");
        fails("keywords:letter_frequency", atLeast, "Quick quiet");
        passes("keywords:letter_frequency", less, "# one heading");
        fails("keywords:letter_frequency", less, "## two");
    }
}
