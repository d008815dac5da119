package dev.dilate.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The synthetic families. Every prompt ends in a marker of its kind, answers use digits and a few
 * separators, so one small character vocabulary ({@link #ALPHABET}) covers them all.
 */
public final class Families {
    private Families() {}

    /** Every character any family writes: 26 symbols (a model adds EOS and the mask token). */
    public static final String ALPHABET = "0123456789+-*=;,:?#abcders";

    public static final List<Family> ALL = List.of(new Addition(0), new Addition(0.7), new ChainedAddition(0), new ChainedAddition(0.7),
            new Reversal(), new Sorting(), new Arithmetic());

    public static Family named(String name) {
        for (Family f : ALL) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException("unknown synthetic family '" + name + "' (known: "
                + ALL.stream().map(Family::name).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Column addition of two 16-digit numbers, leading zeros kept, the sum written in 17 digits:
     * "0482193370012744+9120044781532200=09602238151544944". Fixed widths put every answer digit
     * at a fixed distance from the two digits it adds, which rotary positions express directly;
     * only the carry, which runs right to left against the reading order, couples neighbours.
     *
     * <p>With uniform digits an answer digit is independent of each operand digit alone (only the
     * pair decides it), so training gets no gradient towards where to look: the loss stays flat.
     * The "add-sparse" variant zeroes each digit of one operand with probability {@code zeros},
     * so answer digits copy the other operand's digits often enough to learn the alignment from.
     */
    static final class Addition implements Family {
        static final int WIDTH = 16;

        private final double zeros;

        Addition(double zeros) { this.zeros = zeros; }

        public String name() { return zeros == 0 ? "add" : "add-sparse"; }
        public int maxAnswerLength() { return WIDTH + 1; }
        public Example draw(SplittableRandom rng) {
            boolean sparseFirst = rng.nextBoolean();
            long a = operand(rng, WIDTH, sparseFirst ? zeros : 0), b = operand(rng, WIDTH, sparseFirst ? 0 : zeros);
            String sum = digits(a + b, WIDTH + 1);
            return new Example(digits(a, WIDTH) + "+" + digits(b, WIDTH) + "=", sum, sum);
        }
    }

    /**
     * Two additions worked in steps, the second on the first's result: three 8-digit operands,
     * "48219337+91200447+00127440=" -> "139419784;#139547224" (x = a + b in 9 digits, then the
     * result x + c in 9). Fixed widths keep every digit at a fixed distance from the digits it
     * adds, as in {@link Addition}, but the second step reads digits of the answer itself, so
     * positions decoded together depend on each other. "add3-sparse" makes each operand mostly
     * zeros with probability one half, for the same reason as "add-sparse".
     */
    static final class ChainedAddition implements Family {
        static final int WIDTH = 8;

        private final double zeros;

        ChainedAddition(double zeros) { this.zeros = zeros; }

        public String name() { return zeros == 0 ? "add3" : "add3-sparse"; }
        public int maxAnswerLength() { return 2 * (WIDTH + 1) + 2; }
        public Example draw(SplittableRandom rng) {
            long a = operand(rng), b = operand(rng), c = operand(rng), x = a + b, y = x + c;
            String result = digits(y, WIDTH + 1);
            return new Example(digits(a, WIDTH) + "+" + digits(b, WIDTH) + "+" + digits(c, WIDTH) + "=",
                    digits(x, WIDTH + 1) + ";#" + result, result);
        }

        /** An operand that is mostly zeros half the time (in the sparse variant). */
        private long operand(SplittableRandom rng) {
            return Families.operand(rng, WIDTH, zeros > 0 && rng.nextBoolean() ? zeros : 0);
        }
    }

    /** "r:83920417" -> "71402938": answer position i copies prompt position n-1-i, far away. */
    static final class Reversal implements Family {
        public String name() { return "reverse"; }
        public int maxAnswerLength() { return 24; }
        public Example draw(SplittableRandom rng) {
            int n = 8 + rng.nextInt(17);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) s.append((char) ('0' + rng.nextInt(10)));
            String r = new StringBuilder(s).reverse().toString();
            return new Example("r:" + s + "=", r, r);
        }
    }

    /** "s:52,7,31,9=" -> "7,9,31,52": every answer position depends on every number (a global order). */
    static final class Sorting implements Family {
        public String name() { return "sort"; }
        public int maxAnswerLength() { return 29; }
        public Example draw(SplittableRandom rng) {
            int n = 4 + rng.nextInt(7);
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = rng.nextInt(100);
            String prompt = "s:" + join(v) + "=";
            Arrays.sort(v);
            String answer = join(v);
            return new Example(prompt, answer, answer);
        }
    }

    /**
     * "a=37;b=58;c=a+b;d=c-19;e=d*2;e?" -> "c=95;d=76;e=152;#152": 2-3 chained steps worked left to
     * right, each using the previous value; the result after '#' is what counts.
     */
    static final class Arithmetic implements Family {
        public String name() { return "arith"; }
        public int maxAnswerLength() { return 27; }   // "c=-89;d=-356;e=-1424;#-1424"
        public Example draw(SplittableRandom rng) {
            long x = 10 + rng.nextInt(90), y = 10 + rng.nextInt(90);
            StringBuilder prompt = new StringBuilder("a=" + x + ";b=" + y + ";");
            StringBuilder answer = new StringBuilder();
            int steps = 2 + rng.nextInt(2);
            long value = 0;
            char prev = 'b';
            for (int s = 0; s < steps; s++) {
                char var = (char) ('c' + s);
                String expr;
                if (s == 0) {
                    char op = "+-*".charAt(rng.nextInt(2));         // first step: a+b or a-b
                    value = op == '+' ? x + y : x - y;
                    expr = "a" + op + "b";
                } else {
                    int k = 2 + rng.nextInt(18);
                    char op = "+-*".charAt(rng.nextInt(3));
                    if (op == '*') k = 2 + rng.nextInt(3);               // keep results short
                    value = op == '+' ? value + k : op == '-' ? value - k : value * k;
                    expr = prev + "" + op + k;
                }
                prompt.append(var).append('=').append(expr).append(';');
                answer.append(var).append('=').append(value).append(';');
                prev = var;
            }
            prompt.append(prev).append('?');
            answer.append('#').append(value);
            return new Example(prompt.toString(), answer.toString(), Long.toString(value));
        }
    }

    /** A width-digit number whose digits are each zero with probability zeros, else uniform. */
    private static long operand(SplittableRandom rng, int width, double zeros) {
        long x = 0;
        for (int i = 0; i < width; i++) x = 10 * x + (rng.nextDouble() < zeros ? 0 : rng.nextInt(10));
        return x;
    }

    /** x in width digits, leading zeros kept. */
    private static String digits(long x, int width) {
        String s = Long.toString(x);
        return "0".repeat(width - s.length()) + s;
    }

    private static String join(int[] v) {
        List<String> parts = new ArrayList<>();
        for (int x : v) parts.add(Integer.toString(x));
        return String.join(",", parts);
    }
}
