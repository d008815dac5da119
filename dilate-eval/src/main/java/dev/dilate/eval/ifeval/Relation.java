package dev.dilate.eval.ifeval;

/** How a count is compared with an instruction's threshold: "less than" is {@code <}, "at least" is {@code >=}. */
enum Relation {
    LESS_THAN("less than"), AT_LEAST("at least");

    private final String text;

    Relation(String text) { this.text = text; }

    static Relation of(String text) {
        for (Relation r : values()) if (r.text.equals(text)) return r;
        throw new IllegalArgumentException("relation must be 'less than' or 'at least', not '" + text + "'");
    }

    boolean holds(long count, long threshold) {
        return this == LESS_THAN ? count < threshold : count >= threshold;
    }
}
