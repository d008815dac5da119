package dev.dilate.eval.ifeval;

import org.junit.jupiter.api.Test;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;

class FormatChecksTest {

    @Test
    void bulletListsCountStarAndDashLinesExactly() {
        String id = "detectable_format:number_bullet_lists", k = "{\"num_bullets\": 3}";
        passes(id, k, "Intro:\n* one\n* two\n- three");
        passes(id, k, "  * one\n\t- two\n-three\n**Bold line** is not a bullet");
        fails(id, k, "* one\n* two");
        fails(id, k, "* one\n* two\n* three\n* four");
        fails(id, k, "1. one\n2. two\n3. three");
    }

    @Test
    void constrainedResponseNeedsOneOfTheOptions() {
        String id = "detectable_format:constrained_response";
        passes(id, "{}", "My answer is maybe. It depends.");
        passes(id, "{}", "  Thinking... My answer is no.  ");
        fails(id, "{}", "My answer is Yes.");
        fails(id, "{}", "My answer is yes");
    }

    @Test
    void highlightedSectionsCountSingleAndDoubleStars() {
        String id = "detectable_format:number_highlighted_sections";
        passes(id, "{\"num_highlights\": 2}", "*first* and *second*");
        passes(id, "{\"num_highlights\": 1}", "only **bold** here");          // once: "*" then "*" is an empty single
        fails(id, "{\"num_highlights\": 2}", "only **bold** here");
        fails(id, "{\"num_highlights\": 2}", "*first* and ** ** and * *");   // blank highlights do not count
        fails(id, "{\"num_highlights\": 1}", "*across\nlines*");
        passes(id, "{\"num_highlights\": 3}", "*a* *b* *c*");
        fails(id, "{\"num_highlights\": 3}", "*a* plain *b*");
    }

    @Test
    void multipleSectionsCountsSplitterMarks() {
        String id = "detectable_format:multiple_sections";
        String k = "{\"section_spliter\": \"Section\", \"num_sections\": 3}";
        passes(id, k, "Section 1\nIntro\nSection 2\nBody\nSection 3\nEnd");
        passes(id, k, "Section1 a Section 22 b Section 3");                  // space optional, any number
        fails(id, k, "Section 1\nIntro\nSection 2\nBody\nSECTION 3\nEnd");   // case matters
        fails(id, k, "Section one\nSection two\nSection three");
        passes(id, "{\"section_spliter\": \"SECTION\", \"num_sections\": 2}", "SECTION 1 x SECTION 2 y");
    }

    @Test
    void jsonFormatFollowsPythonJsonLoads() {
        String id = "detectable_format:json_format";
        passes(id, "{}", "{\"a\": [1, 2.5e3, true, null], \"b\": {\"c\": \"\\u00e9\\n\"}}");
        passes(id, "{}", "```json\n{\"a\": 1}\n```");
        passes(id, "{}", "```JSON\n[1, 2]\n```");
        passes(id, "{}", "```\n\"just a string\"\n```");
        passes(id, "{}", "42");
        passes(id, "{}", "[NaN, Infinity, -Infinity]");
        fails(id, "{}", "Here is the JSON: {\"a\": 1}");
        fails(id, "{}", "{\"a\": 1,}");
        fails(id, "{}", "{'a': 1}");
        fails(id, "{}", "{\"a\": 01}");
        fails(id, "{}", "{\"a\": 1} extra");
        fails(id, "{}", "```python\n{\"a\": 1}\n```");
    }

    @Test
    void titleNeedsNonBlankDoubleAngleBrackets() {
        String id = "detectable_format:title";
        passes(id, "{}", "<<Poem of Joy>>\nRoses are red.");
        passes(id, "{}", "<< >> then <<Real>>");
        fails(id, "{}", "<<   >>\nRoses are red.");
        fails(id, "{}", "<Poem of Joy>\nRoses.");
        fails(id, "{}", "<<Poem\nof Joy>>");
    }
}
