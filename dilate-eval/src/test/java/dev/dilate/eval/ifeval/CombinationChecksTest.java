package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

/** combination:*, startend:* and punctuation:no_comma. */
class CombinationChecksTest {

    @Test
    void twoResponsesSplitOnSixStars() {
        String id = "combination:two_responses";
        passes(id, "{}", "First answer.\n******\nSecond answer.");
        passes(id, "{}", "******\nFirst answer.\n******\nSecond answer.\n******");   // blank ends allowed
        fails(id, "{}", "First answer.\n******\n\n******\nSecond answer.");          // blank middle piece
        fails(id, "{}", "Same answer.\n******\n  Same answer.  ");                    // must differ
        fails(id, "{}", "Only one answer.");
        fails(id, "{}", "One\n******\nTwo\n******\nThree");
    }

    @Test
    void repeatPromptIgnoresCaseAndOuterSpace() {
        String k = "{\"prompt_to_repeat\": \"Write a poem about cats. \"}";
        passes("combination:repeat_prompt", k, "  write a POEM about cats.\nCats purr...");
        fails("combination:repeat_prompt", k, "Sure! Write a poem about cats.\nCats purr...");
    }

    @Test
    void endCheckerIgnoresCaseSpaceAndQuotes() {
        String k = "{\"end_phrase\": \"Is there anything else I can help with?\"}";
        passes("startend:end_checker", k, "Done.\nIs there anything else I can help with?");
        passes("startend:end_checker", k, "\"Done. is there anything else i can help with?\"  \n");
        fails("startend:end_checker", k, "Is there anything else I can help with? Bye.");
    }

    @Test
    void quotationWrapsTheWholeResponse() {
        passes("startend:quotation", "{}", "  \"Hello there.\"\n");
        fails("startend:quotation", "{}", "\"");
        fails("startend:quotation", "{}", "\"Hello\" there.");
        fails("startend:quotation", "{}", "“Hello there.”");
    }

    @Test
    void noCommaMeansNoAsciiComma() {
        passes("punctuation:no_comma", "{}", "No commas here; none at all。");
        fails("punctuation:no_comma", "{}", "One, two.");
    }
}
