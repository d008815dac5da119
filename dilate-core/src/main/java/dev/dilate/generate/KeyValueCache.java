package dev.dilate.generate;

/**
 * What a denoiser keeps between the calls of one decode so that a call can recompute only some
 * positions: each layer's keys and values of every canvas position, as the call that last
 * recomputed that position left them. Made by {@link Denoiser#newCache}, one per decode; the
 * decoder only passes it back and reads its size.
 */
public interface KeyValueCache {

    /** Canvas positions it holds (prompt and generated). */
    int length();

    /** Memory it holds, in bytes. */
    long bytes();
}
