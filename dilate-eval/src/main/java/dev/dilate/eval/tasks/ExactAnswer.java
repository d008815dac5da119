package dev.dilate.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exact value of a simply written final answer, so that {@code 0.5} and {@code \frac{1}{2}},
 * or {@code \frac{\sqrt{2}}{2}} and {@code \frac{1}{\sqrt2}}, compare equal. Read: integers,
 * decimals, {@code \frac{a}{b}}, {@code a/b}, signs, {@code +}, {@code -}, {@code \times},
 * {@code \cdot}, {@code \sqrt{...}} of a rational with rational coefficients, and comma-separated
 * lists of those, bare (compared as multisets: "all solutions, separated by commas"), as tuples or
 * intervals (compared in order, brackets included, endpoints may be {@code \pm\infty}), and unions
 * of intervals. Anything else (variables, π, mixed numbers, exponents) does not parse: those
 * answers are compared as strings only.
 */
record ExactAnswer(List<Part> parts) {

    /** A bracketed tuple or interval ({@code open} and {@code close} its brackets), or a bare list (both '\0'). */
    record Part(char open, List<Scalar> items, char close) {}

    /** A finite value, or ±∞ ({@code infinity} ±1, {@code value} null). */
    record Scalar(Surd value, int infinity) {}

    static Optional<ExactAnswer> parse(String text) {
        try {
            return Optional.of(new Reader(text).answer());
        } catch (IllegalArgumentException | ArithmeticException notSimple) {
            return Optional.empty();
        }
    }

    boolean sameAs(ExactAnswer other) {
        if (parts.size() == 1 && other.parts.size() == 1 && parts.getFirst().open() == '\0' && other.parts.getFirst().open() == '\0')
            return sameMultiset(parts.getFirst().items(), other.parts.getFirst().items());
        return parts.equals(other.parts);
    }

    private static boolean sameMultiset(List<Scalar> a, List<Scalar> b) {
        List<Scalar> left = new ArrayList<>(b);
        for (Scalar s : a) if (!left.remove(s)) return false;
        return left.isEmpty();
    }

    /** Recursive descent over the (space-free) answer text. */
    private static final class Reader {
        /** Deeper nesting is no simple answer, and must not exhaust the stack on a runaway completion. */
        private static final int MAX_DEPTH = 50;

        private final String s;
        private int pos;
        private int depth;

        Reader(String s) { this.s = s; }

        ExactAnswer answer() {
            List<Part> parts = new ArrayList<>();
            do parts.add(part()); while (take("\\cup"));
            if (pos != s.length()) throw fail();
            if (parts.size() > 1 && parts.stream().anyMatch(p -> p.open() == '\0')) throw fail();
            return new ExactAnswer(parts);
        }

        private Part part() {
            char open = peek();
            if (open != '(' && open != '[') return new Part('\0', items(), '\0');
            pos++;
            List<Scalar> items = items();
            char close = peek();
            if ((close != ')' && close != ']') || items.size() < 2) throw fail();  // "(5)" is neither tuple nor interval
            pos++;
            return new Part(open, items, close);
        }

        private List<Scalar> items() {
            List<Scalar> items = new ArrayList<>();
            do items.add(item()); while (take(","));
            return items;
        }

        private Scalar item() {
            int start = pos;
            int sign = take("-") ? -1 : 1;
            if (sign > 0) take("+");
            if (take("\\infty")) return new Scalar(null, sign);
            pos = start;
            return new Scalar(expression(), 0);
        }

        private Surd expression() {
            boolean negative = take("-");
            if (!negative) take("+");
            Surd value = term();
            if (negative) value = value.negate();
            while (true) {
                if (take("+")) value = value.plus(term());
                else if (take("-")) value = value.plus(term().negate());
                else return value;
            }
        }

        private Surd term() {
            Surd value = factor();
            while (true) {
                if (take("/")) value = value.dividedBy(factor());
                else if (take("\\times") || take("\\cdot")) value = value.times(factor());
                else if (s.startsWith("\\sqrt", pos)) value = value.times(factor());  // 3\sqrt{2}
                else return value;
            }
        }

        private Surd factor() {
            if (take("\\frac")) {
                Surd numerator = group();
                return numerator.dividedBy(group());
            }
            if (take("\\sqrt")) {
                Rational radicand = group().rational();
                if (radicand == null) throw fail();
                return Surd.sqrt(radicand);
            }
            if (peek() == '{') return group();
            return Surd.of(number());
        }

        private Surd group() {
            if (!take("{") || ++depth > MAX_DEPTH) throw fail();
            Surd value = expression();
            if (!take("}")) throw fail();
            depth--;
            return value;
        }

        private Rational number() {
            int start = pos;
            skipDigits();
            int integerEnd = pos;
            if (take(".")) {
                int fraction = pos;
                skipDigits();
                if (pos == fraction) throw fail();
            }
            // "05" or "000" is no number: this keeps "1,000" from reading as the list 1, 0.
            if (pos == start || (integerEnd - start > 1 && s.charAt(start) == '0')) throw fail();
            return Rational.ofDecimal(s.substring(start, pos));
        }

        private void skipDigits() {
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
        }

        private char peek() { return pos < s.length() ? s.charAt(pos) : '\0'; }

        private boolean take(String token) {
            if (!s.startsWith(token, pos)) return false;
            pos += token.length();
            return true;
        }

        private IllegalArgumentException fail() {
            return new IllegalArgumentException("not a simple value at " + pos + " of " + s);
        }
    }
}
