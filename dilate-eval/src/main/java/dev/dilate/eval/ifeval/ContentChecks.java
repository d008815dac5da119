package dev.dilate.eval.ifeval;

import java.util.regex.Pattern;

/** The detectable_content:* instructions. */
final class ContentChecks {
    private ContentChecks() {}

    private static final Pattern PLACEHOLDER = PyRegex.compile("\\[.*?\\]");

    /** detectable_content:number_placeholders: at least N "[...]" on one line each. */
    static Check numberPlaceholders(Kwargs k) {
        int n = k.integer("num_placeholders");
        return r -> PyRegex.count(PLACEHOLDER, r) >= n;
    }

    /** detectable_content:postscript: a line of the lower-cased response holds the marker, spaced loosely ("p. p. s"). */
    static Check postscript(Kwargs k) {
        String marker = PyText.strip(k.string("postscript_marker"));
        Pattern pattern = PyRegex.multiline(switch (marker) {
            case "P.P.S" -> "\\s*p\\.\\s?p\\.\\s?s.*$";
            case "P.S." -> "\\s*p\\.\\s?s\\..*$";
            default -> "\\s*" + PyText.lower(marker) + ".*$";
        });
        return r -> pattern.matcher(PyText.lower(r)).find();
    }
}
