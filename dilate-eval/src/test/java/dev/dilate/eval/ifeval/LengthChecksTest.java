package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

class LengthChecksTest {

    @Test
    void numberSentencesComparesTheCount() {
        String less = "{\"num_sentences\": 3, \"relation\": \"less than\"}";
        String atLeast = "{\"num_sentences\": 3, \"relation\": \"at least\"}";
        String two = "Dr. Smith arrived at 3.15 p.m. on Monday. He left soon after!";
        String three = "One. Two? Three!";
        passes("length_constraints:number_sentences", less, two);
        fails("length_constraints:number_sentences", atLeast, two);
        passes("length_constraints:number_sentences", atLeast, three);
        fails("length_constraints:number_sentences", less, three);
    }

    @Test
    void numberParagraphsSplitsOnTheDivider() {
        String id = "length_constraints:number_paragraphs", k = "{\"num_paragraphs\": 3}";
        passes(id, k, "First.\n***\nSecond.\n***\nThird.");
        passes(id, k, "***\nFirst.\n***\nSecond.\n***\nThird.\n***");   // empty first and last pieces dropped
        fails(id, k, "First.\n***\n\n***\nSecond.\n***\nThird.");        // an empty middle paragraph fails
        fails(id, k, "First.\n***\nSecond.");
        fails(id, k, "First.\n\nSecond.\n\nThird.");                     // blank lines are not dividers here
    }

    @Test
    void numberWordsCountsUnicodeWordRuns() {
        String less = "{\"num_words\": 5, \"relation\": \"less than\"}";
        String atLeast = "{\"num_words\": 5, \"relation\": \"at least\"}";
        passes("length_constraints:number_words", less, "Hello, world! It's");       // Hello world It s = 4
        fails("length_constraints:number_words", atLeast, "Hello, world! It's");
        passes("length_constraints:number_words", atLeast, "naïve café—déjà vu 2024"); // 5 words, accents inside
        fails("length_constraints:number_words", less, "naïve café—déjà vu 2024");
        // Python's \w has no combining marks: a decomposed "résumé" is the words "re" and "sume".
        fails("length_constraints:number_words", "{\"num_words\": 3, \"relation\": \"less than\"}", "re\u0301sume\u0301 ok");
    }

    @Test
    void nthParagraphFirstWordChecksCountAndWord() {
        String id = "length_constraints:nth_paragraph_first_word";
        String k = "{\"num_paragraphs\": 3, \"nth_paragraph\": 2, \"first_word\": \"President\"}";
        passes(id, k, "Intro here.\n\n\"President's, speech\" was long.\n\nThe end.");
        passes(id, k, "Intro here.\n\nPRESIDENT. Yes.\n\nThe end.\n\n");          // trailing blank piece not counted
        fails(id, k, "Intro here.\n\nThe president spoke.\n\nThe end.");
        fails(id, k, "Intro here.\n\nPresident spoke.");                            // two paragraphs, not three
        // The index counts blank pieces while the total does not, as in the reference: paragraph 2 is blank.
        fails(id, k, "Intro.\n\n\n\nPresident spoke.\n\nEnd.");
    }
}
