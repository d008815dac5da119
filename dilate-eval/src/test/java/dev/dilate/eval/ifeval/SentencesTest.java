package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SentencesTest {

    @Test
    void endsAtTerminalPunctuationFollowedBySpace() {
        assertEquals(0, Sentences.count("  \n "));
        assertEquals(1, Sentences.count("No final stop"));
        assertEquals(3, Sentences.count("One. Two? Three!"));
        assertEquals(2, Sentences.count("It ended. then a lower-case start."));   // Punkt splits these too
        assertEquals(2, Sentences.count("He said \"Stop.\" She did."));           // closing quote after the period
        assertEquals(1, Sentences.count("Visit example.com.Or not"));             // no space, no break
    }

    @Test
    void lineBreaksAloneDoNotEndSentences() {
        assertEquals(1, Sentences.count("# Title\n- first item\n- second item"));
        assertEquals(2, Sentences.count("First line.\nSecond line."));
    }

    @Test
    void abbreviationsDecimalsAndInitialsDoNotSplit() {
        assertEquals(1, Sentences.count("Mr. Smith and Dr. Jones met at 3.30 p.m. yesterday."));
        assertEquals(1, Sentences.count("Apples, pears, etc. are fruit."));
        assertEquals(2, Sentences.count("We bought apples, pears, etc. The rest was sold."));
        assertEquals(1, Sentences.count("The book by J. R. R. Tolkien sold well."));
        assertEquals(1, Sentences.count("It costs 2.50 dollars, i.e. cheap."));
        assertEquals(2, Sentences.count("Wait... And then it happened."));
        assertEquals(1, Sentences.count("Wait... and then it happened."));
    }

    @Test
    void numberedListsSplitBeforeCapitals() {
        assertEquals(4, Sentences.count("Steps:\n1. Mix it.\n2. Bake it."));       // "Steps: 1." | "Mix it." | "2." | "Bake it."
        assertEquals(1, Sentences.count("See chapter 3. it explains more"));
    }
}
