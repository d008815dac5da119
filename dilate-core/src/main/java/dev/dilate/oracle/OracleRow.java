package dev.dilate.oracle;

/**
 * One cell of an oracle sweep: a planner at one block size on one source, averaged over samples.
 * Bits are base-2; "per token" divides by the generated length G.
 *
 * @param gapBitsPerToken  summed parallel-decoding gap of every step, per token
 * @param gapExact         false if some step's joint entropy was estimated by Monte Carlo
 * @param klBitsPerToken   mean of (log q(x) - log p(x)) / G over samples x drawn by the planner
 * @param klStdError       its standard error over samples
 * @param klBound          true when the planner chooses positions at random: the path probability
 *                         then bounds q(x) from below and the estimate is an upper bound on the KL
 */
public record OracleRow(String source, int order, double mix, int block, String planner, int samples,
                        double nfe, double speedup, double gapBitsPerToken, boolean gapExact,
                        double klBitsPerToken, double klStdError, boolean klBound,
                        double stepAveragedDistance, double pairWeightedDistance, double isolatedFraction,
                        double millisPerSample) {}
