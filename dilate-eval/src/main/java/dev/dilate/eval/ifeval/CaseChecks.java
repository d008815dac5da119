package dev.dilate.eval.ifeval;

/** The change_case:* instructions. */
final class CaseChecks {
    private CaseChecks() {}

    /** change_case:capital_word_frequency: upper-case word tokens (see {@link WordTokens}) against the relation. */
    static Check capitalWordFrequency(Kwargs k) {
        Relation relation = k.relation("capital_relation");
        int n = k.integer("capital_frequency");
        return r -> relation.holds(WordTokens.upperCaseCount(r), n);
    }

    /** change_case:english_capital: all upper case, and English (or undetectable). */
    static Check englishCapital(Kwargs k) {
        return r -> PyText.isUpper(r) && Language.is(r, "en");
    }

    /** change_case:english_lowercase: all lower case, and English (or undetectable). */
    static Check englishLowercase(Kwargs k) {
        return r -> PyText.isLower(r) && Language.is(r, "en");
    }
}
