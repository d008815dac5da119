package dev.dilate.eval.run;

import java.util.Map;

/**
 * One finished sample, as one line of a results file.
 *
 * @param config     the setting's fields ({@link RunConfig#fields})
 * @param key        the setting's key
 * @param problem    the problem's id; {@code index} its position in the task
 * @param output     the generated text, cut at the task's stops; {@code extracted} what the scorer read from it
 * @param metrics    the task's scores of the output; {@code primary} the one reports lead with, {@code higherIsBetter} its direction
 * @param nfe        denoiser calls spent; {@code decoded} positions decoded (token-by-token would spend as many);
 *                   {@code forwarded} canvas positions the calls recomputed (what a cache saves)
 * @param millis     wall time of the decode
 * @param spacing    pairwise distance of co-decoded positions (step-averaged, pair-weighted) and isolated fraction
 */
public record ResultRecord(Map<String, Object> config, String key, String problem, int index, String output, String extracted, Map<String, Double> metrics, String primary, boolean higherIsBetter, int nfe, int decoded,
                           long forwarded, double millis, Map<String, Double> spacing, boolean stopped) {}
