package dev.dilate.synthetic;

import java.util.SplittableRandom;

/**
 * A generator of synthetic problems. Families differ in how answer positions depend on each other:
 * left-to-right chains of worked steps, carries that run right to left, a global order, a mirror.
 */
public interface Family {
    String name();

    /** One problem drawn from rng (of either split; {@link Split} decides which). */
    Example draw(SplittableRandom rng);

    /** The longest answer the family writes, in characters (the canvas must hold it). */
    int maxAnswerLength();
}
