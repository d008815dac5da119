package dev.dilate.eval.ifeval;

/** The startend:* instructions. */
final class StartEndChecks {
    private StartEndChecks() {}

    /** startend:end_checker: ends with the phrase, ignoring case, outer space and outer double quotes. */
    static Check endChecker(Kwargs k) {
        String phrase = PyText.lower(PyText.strip(k.string("end_phrase")));
        return r -> PyText.lower(PyText.strip(PyText.strip(r), "\"")).endsWith(phrase);
    }

    /** startend:quotation: the stripped response is wrapped in double quotes. */
    static Check quotation(Kwargs k) {
        return r -> {
            String s = PyText.strip(r);
            return s.length() > 1 && s.startsWith("\"") && s.endsWith("\"");
        };
    }
}
