package dev.dilate.eval.tasks;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An exact sum of rational multiples of square roots of square-free integers, such as
 * {@code (1 + 3\sqrt{5}) / 2}: closed under +, - and ×, and under ÷ by a single term. Two surds
 * are equal exactly when their canonical forms are. What falls outside (a division by a sum, the
 * root of a negative or of a surd) throws ArithmeticException.
 */
record Surd(SortedMap<BigInteger, Rational> terms) {
    /** Square roots of numbers whose square factors cannot be found quickly are not handled. */
    private static final int TRIAL_LIMIT = 100_000;

    Surd {
        TreeMap<BigInteger, Rational> canonical = new TreeMap<>();
        terms.forEach((radicand, coefficient) -> { if (!coefficient.isZero()) canonical.put(radicand, coefficient); });
        terms = Collections.unmodifiableSortedMap(canonical);
    }

    static Surd of(Rational r) { return new Surd(new TreeMap<>(Map.of(BigInteger.ONE, r))); }

    /** The rational value, or null when a root term is present. */
    Rational rational() {
        if (terms.isEmpty()) return Rational.ZERO;
        return terms.size() == 1 && terms.containsKey(BigInteger.ONE) ? terms.get(BigInteger.ONE) : null;
    }

    Surd plus(Surd o) {
        TreeMap<BigInteger, Rational> sum = new TreeMap<>(terms);
        o.terms.forEach((radicand, c) -> sum.merge(radicand, c, Rational::plus));
        return new Surd(sum);
    }

    Surd negate() { return times(of(Rational.ONE.negate())); }

    Surd times(Surd o) {
        Surd product = of(Rational.ZERO);
        for (var a : terms.entrySet())
            for (var b : o.terms.entrySet())
                product = product.plus(root(a.getKey().multiply(b.getKey())).times(a.getValue().times(b.getValue())));
        return product;
    }

    private Surd times(Rational r) {
        TreeMap<BigInteger, Rational> scaled = new TreeMap<>();
        terms.forEach((radicand, c) -> scaled.put(radicand, c.times(r)));
        return new Surd(scaled);
    }

    /** Division by a single term q·√n, as multiplication by √n / (q·n). */
    Surd dividedBy(Surd o) {
        if (o.terms.size() != 1) throw new ArithmeticException("division by a sum or by zero");
        var term = o.terms.entrySet().iterator().next();
        Rational factor = term.getValue().times(Rational.of(term.getKey())).inverse();
        return times(root(term.getKey())).times(factor);
    }

    /** √r of a non-negative rational p/q, as √(p·q) / q. */
    static Surd sqrt(Rational r) {
        if (r.num().signum() < 0) throw new ArithmeticException("square root of a negative number");
        return root(r.num().multiply(r.den())).times(Rational.of(r.den()).inverse());
    }

    /** √n for n ≥ 0 with square factors taken out: √12 = 2√3. */
    private static Surd root(BigInteger n) {
        if (n.signum() == 0) return of(Rational.ZERO);
        BigInteger outside = BigInteger.ONE, inside = n;
        for (long p = 2; p <= TRIAL_LIMIT && BigInteger.valueOf(p * p).compareTo(inside) <= 0; p++) {
            BigInteger square = BigInteger.valueOf(p * p);
            while (inside.mod(square).signum() == 0) {
                inside = inside.divide(square);
                outside = outside.multiply(BigInteger.valueOf(p));
            }
        }
        if (BigInteger.valueOf((long) TRIAL_LIMIT * TRIAL_LIMIT).compareTo(inside) < 0) {
            BigInteger s = inside.sqrt();  // beyond the trial limit only a perfect square is certain
            if (!s.multiply(s).equals(inside)) throw new ArithmeticException("cannot take the square factors out of " + n);
            outside = outside.multiply(s);
            inside = BigInteger.ONE;
        }
        return new Surd(new TreeMap<>(Map.of(inside, Rational.of(outside))));
    }
}
