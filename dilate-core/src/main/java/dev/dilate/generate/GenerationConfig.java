package dev.dilate.generate;

import java.util.List;
import java.util.Set;

/**
 * Everything about one decode except the prompt and the planner.
 *
 * @param genLength        G, masked positions after the prompt
 * @param blockSize        B, decoded left to right; later blocks stay masked but visible
 * @param cfgScale         classifier-free guidance w (0 = off); each guided call costs 2 NFE
 * @param stopTokens       ids that end the text (checked after each block, so decoding stops early)
 * @param stopStrings      strings that end the text, matched on decoded text
 * @param suppressTokens   ids never produced (LLaDA's logits_eos_inf)
 * @param noConfidenceTokens ids whose predictions get confidence 0 (LLaDA's confidence_eos_eot_inf)
 * @param drawBeforeSelect draw every candidate's token before the planner ranks them and rank on
 *                         the drawn token's probability, as LLaDA and Fast-dLLM do; when false the
 *                         planner ranks on the argmax and tokens are drawn after selection, so the
 *                         selection is a function of the distributions alone. Same result when greedy.
 * @param cache            which positions each call recomputes (none: all of them, exact)
 * @param alternatives     how many most probable tokens the trace keeps, with their probabilities,
 *                         at each position when it is revealed (0: none; an API's top_logprobs)
 */
public record GenerationConfig(int genLength, int blockSize, Sampling sampling, double cfgScale,
                               Set<Integer> stopTokens, List<String> stopStrings,
                               Set<Integer> suppressTokens, Set<Integer> noConfidenceTokens,
                               boolean drawBeforeSelect, CachePolicy cache, int alternatives) {

    /**
     * Keeps unmodifiable copies of the sets and lists.
     *
     * @throws IllegalArgumentException if G or B is below 1, G is not a multiple of B, the guidance
     *         scale is negative or not finite, a stop string is empty, the cache policy is null, or
     *         {@code alternatives} is negative
     */
    public GenerationConfig {
        if (genLength < 1) throw new IllegalArgumentException("generation length G must be at least 1, got " + genLength);
        if (blockSize < 1) throw new IllegalArgumentException("block size B must be at least 1, got " + blockSize);
        if (genLength % blockSize != 0)
            throw new IllegalArgumentException("generation length G=" + genLength + " is not a multiple of block size B=" + blockSize);
        if (!(cfgScale >= 0) || Double.isInfinite(cfgScale)) throw new IllegalArgumentException("cfg scale must be >= 0, got " + cfgScale);
        stopTokens = Set.copyOf(stopTokens);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
        suppressTokens = Set.copyOf(suppressTokens);
        noConfidenceTokens = Set.copyOf(noConfidenceTokens);
        if (cache == null) throw new IllegalArgumentException("cache policy must not be null (CachePolicy.NONE for none)");
        if (alternatives < 0) throw new IllegalArgumentException("alternatives must be >= 0, got " + alternatives);
    }

    /** Greedy decoding of G positions in blocks of B, no guidance, no stops. */
    public static GenerationConfig of(int genLength, int blockSize) {
        return new GenerationConfig(genLength, blockSize, Sampling.GREEDY, 0, Set.of(), List.of(), Set.of(), Set.of(), true, CachePolicy.NONE, 0);
    }

    /** This config with another sampling rule and seed. */
    public GenerationConfig withSampling(Sampling s) {
        return new GenerationConfig(genLength, blockSize, s, cfgScale, stopTokens, stopStrings, suppressTokens, noConfidenceTokens, drawBeforeSelect, cache, alternatives);
    }

    /** This config with guidance scale {@code w} (0 = off; each guided call costs 2 NFE). */
    public GenerationConfig withCfg(double w) {
        return new GenerationConfig(genLength, blockSize, sampling, w, stopTokens, stopStrings, suppressTokens, noConfidenceTokens, drawBeforeSelect, cache, alternatives);
    }

    /** This config with these stop tokens and stop strings in place of its own. */
    public GenerationConfig withStops(Set<Integer> tokens, List<String> strings) {
        return new GenerationConfig(genLength, blockSize, sampling, cfgScale, tokens, strings, suppressTokens, noConfidenceTokens, drawBeforeSelect, cache, alternatives);
    }

    /** This config with these never-produced ids and these confidence-0 ids in place of its own. */
    public GenerationConfig withTokenRules(Set<Integer> suppress, Set<Integer> noConfidence) {
        return new GenerationConfig(genLength, blockSize, sampling, cfgScale, stopTokens, stopStrings, suppress, noConfidence, drawBeforeSelect, cache, alternatives);
    }

    /** This config drawing tokens before the planner ranks ({@code true}) or after it selects; see {@code drawBeforeSelect}. */
    public GenerationConfig withDrawBeforeSelect(boolean b) {
        return new GenerationConfig(genLength, blockSize, sampling, cfgScale, stopTokens, stopStrings, suppressTokens, noConfidenceTokens, b, cache, alternatives);
    }

    /** This config with the trace keeping the {@code k} most probable tokens of each revealed position (0: none). */
    public GenerationConfig withAlternatives(int k) {
        return new GenerationConfig(genLength, blockSize, sampling, cfgScale, stopTokens, stopStrings, suppressTokens, noConfidenceTokens, drawBeforeSelect, cache, k);
    }

    /** This config with another cache policy. */
    public GenerationConfig withCache(CachePolicy c) {
        return new GenerationConfig(genLength, blockSize, sampling, cfgScale, stopTokens, stopStrings, suppressTokens, noConfidenceTokens, drawBeforeSelect, c, alternatives);
    }
}
