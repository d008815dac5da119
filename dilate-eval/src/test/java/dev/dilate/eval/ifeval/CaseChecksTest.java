package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

class CaseChecksTest {

    @Test
    void capitalWordFrequencyCountsUpperCaseTokens() {
        String atLeast = "{\"capital_frequency\": 3, \"capital_relation\": \"at least\"}";
        String less = "{\"capital_frequency\": 3, \"capital_relation\": \"less than\"}";
        passes("change_case:capital_word_frequency", atLeast, "This is VERY, VERY IMPORTANT.");
        fails("change_case:capital_word_frequency", less, "This is VERY, VERY IMPORTANT.");
        // DON'T is two tokens (DO, N'T); WELL-KNOWN is one; 2024 and "!" are not cased.
        passes("change_case:capital_word_frequency", atLeast, "DON'T panic, it is WELL-KNOWN! 2024");
        passes("change_case:capital_word_frequency", less, "Hello World, it is WELL-KNOWN 2024!");
        fails("change_case:capital_word_frequency", atLeast, "Hello World, it is WELL-KNOWN 2024!");
    }

    @Test
    void englishCapitalNeedsUpperCaseEnglish() {
        String id = "change_case:english_capital";
        passes(id, "{}", "THE WEATHER TODAY IS SUNNY AND WARM, SO WE WILL GO TO THE BEACH WITH OUR FRIENDS.");
        fails(id, "{}", "THE WEATHER TODAY IS SUNNY and warm, SO WE WILL GO TO THE BEACH.");
        fails(id, "{}", "DAS WETTER IST HEUTE SEHR SCHÖN, UND WIR GEHEN MIT UNSEREN FREUNDEN AN DEN STRAND.");
        fails(id, "{}", "12345 !!!");                                         // nothing cased
    }

    @Test
    void englishLowercaseNeedsLowerCaseEnglish() {
        String id = "change_case:english_lowercase";
        passes(id, "{}", "the weather today is sunny and warm, so we will go to the beach with our friends.");
        fails(id, "{}", "The weather today is sunny and warm, so we will go to the beach with our friends.");
        fails(id, "{}", "das wetter ist heute sehr schön, und wir gehen mit unseren freunden an den strand.");
    }
}
