package dev.dilate.eval.ifeval;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The detectable_format:* instructions. */
final class FormatChecks {
    private FormatChecks() {}

    private static final Pattern STAR_BULLET = PyRegex.multiline("^\\s*\\*[^\\*].*$");
    private static final Pattern DASH_BULLET = PyRegex.multiline("^\\s*-.*$");
    private static final List<String> ANSWERS = List.of("My answer is yes.", "My answer is no.", "My answer is maybe.");
    private static final Pattern HIGHLIGHT = PyRegex.compile("\\*[^\\n\\*]*\\*");
    private static final Pattern BOLD = PyRegex.compile("\\*\\*[^\\n\\*]*\\*\\*");
    private static final Pattern TITLE = PyRegex.compile("<<[^\\n]+>>");

    /** detectable_format:number_bullet_lists: exactly N lines starting with "*" (not "**") or "-". */
    static Check numberBulletLists(Kwargs k) {
        int n = k.integer("num_bullets");
        return r -> PyRegex.count(STAR_BULLET, r) + PyRegex.count(DASH_BULLET, r) == n;
    }

    /** detectable_format:constrained_response: contains "My answer is yes." (or no., or maybe.). */
    static Check constrainedResponse(Kwargs k) {
        return r -> {
            String s = PyText.strip(r);
            return ANSWERS.stream().anyMatch(s::contains);
        };
    }

    /**
     * detectable_format:number_highlighted_sections: at least N non-blank "*...*" plus "**...**" on one
     * line; matches are searched separately, so a bold span counts in both.
     */
    static Check numberHighlightedSections(Kwargs k) {
        int n = k.integer("num_highlights");
        return r -> {
            int count = 0;
            for (Matcher m = HIGHLIGHT.matcher(r); m.find(); )
                if (!PyText.strip(PyText.strip(m.group(), "*")).isEmpty()) count++;
            for (Matcher m = BOLD.matcher(r); m.find(); ) {
                String g = m.group();
                if (!PyText.strip(g.substring(2, g.length() - 2)).isEmpty()) count++;
            }
            return count >= n;
        };
    }

    /** detectable_format:multiple_sections: at least N "{splitter} {number}" marks. */
    static Check multipleSections(Kwargs k) {
        Pattern mark = PyRegex.compile("\\s?" + PyText.strip(k.string("section_spliter")) + "\\s?\\d+\\s?");
        int n = k.integer("num_sections");
        return r -> PyRegex.count(mark, r) >= n;
    }

    /** detectable_format:json_format: the response, without a ``` fence, is what Python's json.loads accepts. */
    static Check jsonFormat(Kwargs k) {
        return r -> {
            String s = PyText.strip(r);
            for (String fence : List.of("```json", "```Json", "```JSON", "```"))
                if (s.startsWith(fence)) s = s.substring(fence.length());
            if (s.endsWith("```")) s = s.substring(0, s.length() - 3);
            return PyJson.loads(PyText.strip(s));
        };
    }

    /** detectable_format:title: some "<<title>>" on one line with a non-blank title. */
    static Check title(Kwargs k) {
        return r -> {
            for (Matcher m = TITLE.matcher(r); m.find(); )
                if (!PyText.strip(PyText.rstrip(PyText.lstrip(m.group(), "<"), ">")).isEmpty()) return true;
            return false;
        };
    }
}
