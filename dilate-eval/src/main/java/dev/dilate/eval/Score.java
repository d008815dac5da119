package dev.dilate.eval;

import java.util.Map;

/**
 * The score of one completion: named metrics (1/0 for right/wrong; fractions for per-instruction
 * scores) and what the scorer read from the completion (the extracted answer, the program run, ...).
 */
public record Score(Map<String, Double> metrics, String extracted) {
    public Score {
        metrics = Map.copyOf(metrics);
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException("no metric '" + name + "' in " + metrics.keySet());
        return v;
    }
}
