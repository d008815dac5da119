package dev.dilate.eval.tasks;

import java.math.BigDecimal;
import java.math.BigInteger;

/** An exact fraction in lowest terms with a positive denominator. */
record Rational(BigInteger num, BigInteger den) {
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    Rational {
        if (den.signum() == 0) throw new ArithmeticException("zero denominator");
        if (den.signum() < 0) { num = num.negate(); den = den.negate(); }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) { num = num.divide(g); den = den.divide(g); }
        if (num.signum() == 0) den = BigInteger.ONE;
    }

    static Rational of(BigInteger n) { return new Rational(n, BigInteger.ONE); }

    /** A decimal numeral, e.g. "0.25" is 1/4. */
    static Rational ofDecimal(String numeral) {
        BigDecimal d = new BigDecimal(numeral);
        return d.scale() <= 0 ? of(d.toBigIntegerExact()) : new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    Rational plus(Rational o) { return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den)); }

    Rational times(Rational o) { return new Rational(num.multiply(o.num), den.multiply(o.den)); }

    Rational negate() { return new Rational(num.negate(), den); }

    Rational inverse() { return new Rational(den, num); }

    boolean isZero() { return num.signum() == 0; }
}
