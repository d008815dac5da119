package dev.dilate.eval.ifeval;

/**
 * Whether Python's {@code json.loads} accepts a text: one JSON value of any kind (scalars too) between
 * JSON whitespace, plus Python's extensions {@code NaN}, {@code Infinity} and {@code -Infinity}; no
 * trailing commas, comments or single quotes, and no raw control characters inside strings.
 */
final class PyJson {
    private final String s;
    private int i;

    private PyJson(String s) { this.s = s; }

    static boolean loads(String text) {
        PyJson p = new PyJson(text);
        try {
            p.space();
            p.value();
            p.space();
            return p.i == text.length();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void value() {
        if (i >= s.length()) throw fail();
        char c = s.charAt(i);
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            default -> {
                if (word("true") || word("false") || word("null") || word("NaN") || word("Infinity") || word("-Infinity")) return;
                number();
            }
        }
    }

    private void object() {
        i++;
        space();
        if (peek('}')) { i++; return; }
        while (true) {
            if (!peek('"')) throw fail();
            string();
            space();
            expect(':');
            space();
            value();
            space();
            if (peek('}')) { i++; return; }
            expect(',');
            space();
        }
    }

    private void array() {
        i++;
        space();
        if (peek(']')) { i++; return; }
        while (true) {
            value();
            space();
            if (peek(']')) { i++; return; }
            expect(',');
            space();
        }
    }

    private void string() {
        i++;
        while (true) {
            if (i >= s.length()) throw fail();
            char c = s.charAt(i++);
            if (c == '"') return;
            if (c < 0x20) throw fail();
            if (c != '\\') continue;
            if (i >= s.length()) throw fail();
            char e = s.charAt(i++);
            if (e == 'u') {
                for (int k = 0; k < 4; k++) if (i >= s.length() || !isHex(s.charAt(i++))) throw fail();
            } else if ("\"\\/bfnrt".indexOf(e) < 0) throw fail();
        }
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? with ASCII digits, as the C scanner reads numbers.
    private void number() {
        if (peek('-')) i++;
        if (peek('0')) i++;
        else if (digits() == 0) throw fail();
        if (peek('.') && i + 1 < s.length() && isDigit(s.charAt(i + 1))) { i++; digits(); }
        if (peek('e') || peek('E')) {
            int mark = i++;
            if (peek('-') || peek('+')) i++;
            if (digits() == 0) i = mark; // "1e" parses as 1 followed by extra data
        }
    }

    private int digits() {
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) i++;
        return i - start;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static boolean isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    private boolean word(String w) {
        if (!s.startsWith(w, i)) return false;
        i += w.length();
        return true;
    }

    private void space() {
        while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) i++;
    }

    private boolean peek(char c) { return i < s.length() && s.charAt(i) == c; }

    private void expect(char c) {
        if (!peek(c)) throw fail();
        i++;
    }

    private static IllegalArgumentException fail() { return new IllegalArgumentException(); }
}
