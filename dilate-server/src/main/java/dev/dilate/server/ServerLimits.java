package dev.dilate.server;

import dev.dilate.generate.CachePolicy;

import java.time.Duration;

/**
 * What the server accepts and how much it takes on at once.
 *
 * @param slots            requests decoded at once; their steps share one batched forward
 * @param queue            requests that may wait for a slot; one more is refused with 429 at once
 * @param maxPromptTokens  longest prompt, in tokens
 * @param maxGenLength     largest generation length G (max_tokens after rounding up to the block)
 * @param timeout          wall time a request may take from arrival, queueing included
 * @param shutdownGrace    how long shutdown lets running requests finish before cancelling them
 * @param defaultBlock     B when a request names none
 * @param defaultMaxTokens max_tokens when a request names none
 * @param defaultCache     the key/value cache mode when a request names none
 */
public record ServerLimits(int slots, int queue, int maxPromptTokens, int maxGenLength, Duration timeout,
                           Duration shutdownGrace, int defaultBlock, int defaultMaxTokens, CachePolicy defaultCache) {

    public ServerLimits {
        if (slots < 1) throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        if (queue < 0) throw new IllegalArgumentException("queue must be at least 0, got " + queue);
        if (maxPromptTokens < 1 || maxGenLength < 1)
            throw new IllegalArgumentException("prompt and generation limits must be at least 1, got " + maxPromptTokens + " and " + maxGenLength);
        if (timeout.isNegative() || timeout.isZero() || shutdownGrace.isNegative())
            throw new IllegalArgumentException("timeout must be positive and shutdown grace not negative");
        if (defaultBlock < 1 || defaultBlock > maxGenLength || defaultMaxTokens < 1 || defaultMaxTokens > maxGenLength)
            throw new IllegalArgumentException("default block " + defaultBlock + " and max_tokens " + defaultMaxTokens + " must lie in 1.." + maxGenLength);
        if (defaultCache == null) throw new IllegalArgumentException("default cache policy must not be null");
    }

    public static ServerLimits defaults() {
        return new ServerLimits(8, 32, 1024, 512, Duration.ofSeconds(120), Duration.ofSeconds(10), 16, 32, CachePolicy.parse(CachePolicy.DECODE_DEFAULT));
    }
}
