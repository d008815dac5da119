package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTokensTest {

    @Test
    void splitsPunctuationAndCliticsLikeTreebank() {
        assertEquals(List.of("I", "do", "n't", "know", ",", "it", "'s", "(", "maybe", ")", "AT", "&", "T", "!"),
                WordTokens.tokenize("I don't know, it's (maybe) AT&T!"));
        assertEquals(List.of("WE", "CAN", "NOT", "--", "WILL", "NOT", "..."), WordTokens.tokenize("WE CANNOT--WILL NOT..."));
        assertEquals(List.of("1,000", "U.S.", "well-known", "x", ":", "y", "12:30"), WordTokens.tokenize("1,000 U.S. well-known x:y 12:30"));
    }

    @Test
    void countsUpperCaseTokensAsPythonIsupper() {
        assertEquals(6, WordTokens.upperCaseCount("I'M SURE IT'S OK, really."));   // I 'M SURE IT 'S OK
        assertEquals(0, WordTokens.upperCaseCount("Hello World 2024 !!! --"));
        assertEquals(7, WordTokens.upperCaseCount("I DON'T KNOW. WE CAN'T."));   // I DO N'T KNOW WE CA N'T
    }
}
