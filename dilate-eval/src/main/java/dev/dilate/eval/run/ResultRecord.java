package dev.dilate.eval.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished sample, as one line of a results file.
 *
 * @param config     the setting's fields ({@link RunConfig#fields})
 * @param key        the setting's key
 * @param problem    the problem's id; {@code index} its position in the task
 * @param output     the generated text, cut at the task's stops; {@code extracted} what the scorer read from it
 * @param metrics    the task's scores of the output; {@code primary} the one reports lead with, {@code higherIsBetter} its direction.
 *                   A metric with no value for this output (a score over nothing) is null, with the reason in {@code undefined}
 * @param nfe        denoiser calls spent; {@code decoded} positions decoded (token-by-token would spend as many);
 *                   {@code forwarded} canvas positions the calls recomputed (what a cache saves)
 * @param millis     wall time of the decode
 * @param spacing    pairwise distance of co-decoded positions (step-averaged, pair-weighted) and isolated fraction;
 *                   null where no call revealed two positions (reason in {@code undefined})
 * @param undefined  why a metric or spacing figure is null ("metrics.bits", "spacing.isolated"): JSON has no NaN
 */
public record ResultRecord(Map<String, Object> config, String key, String problem, int index, String output, String extracted, Map<String, Double> metrics, String primary, boolean higherIsBetter, int nfe, int decoded,
                           long forwarded, double millis, Map<String, Double> spacing, boolean stopped, Map<String, String> undefined) {

    /** The setting fields reports group and label by; a record without them cannot be summarised. */
    static final List<String> REQUIRED_CONFIG = List.of("model", "task", "style", "gen", "temperature", "planner", "block");

    /**
     * This record with every NaN or infinite metric and spacing figure replaced by null and a
     * reason (a score or statistic that does not exist for this output).
     */
    public ResultRecord defined() {
        Map<String, String> why = new LinkedHashMap<>(undefined == null ? Map.of() : undefined);
        Map<String, Double> m = nullUndefined(metrics, "metrics.", "the scorer gives no value for this output", why);
        Map<String, Double> s = nullUndefined(spacing, "spacing.", "no call revealed two or more positions", why);
        return new ResultRecord(config, key, problem, index, output, extracted, m, primary, higherIsBetter, nfe, decoded, forwarded,
                millis, s, stopped, why.isEmpty() ? null : why);
    }

    private static Map<String, Double> nullUndefined(Map<String, Double> values, String prefix, String reason, Map<String, String> why) {
        if (values == null) return null;
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            boolean nonFinite = v != null && !Double.isFinite(v);
            out.put(k, nonFinite ? null : v);
            if (nonFinite) why.putIfAbsent(prefix + k, reason);
        });
        return out;
    }

    /**
     * What is wrong with this record as read from a file, or null when nothing is: a missing field
     * a report needs, a negative count, or a metric outside its range. Scores are rates in [0, 1]
     * except IFEval's per-instruction counts ({@code instructions} and {@code inst_*}, at most
     * {@code instructions}), the chain task's {@code bits} and the text task's {@code nll}, {@code entropy}
     * (at least 0) and {@code words} (a count).
     */
    public String problemWith() {
        if (key == null || problem == null) return "no key or problem";
        if (config == null) return "no config";
        for (String field : REQUIRED_CONFIG) if (config.get(field) == null) return "config has no " + field;
        if (!(config.get("gen") instanceof Number) || !(config.get("block") instanceof Number) || !(config.get("temperature") instanceof Number))
            return "config's gen, block and temperature must be numbers";
        if (output == null) return "no output";
        if (metrics == null || metrics.isEmpty()) return "no metrics";
        if (primary == null || !metrics.containsKey(primary)) return "primary metric " + primary + " is not among its metrics " + metrics.keySet();
        if (nfe < 0 || decoded < 0 || forwarded < 0) return "negative nfe, decoded or forwarded count";
        if (!(millis >= 0) || Double.isInfinite(millis)) return "millis is " + millis;
        Double instructions = metrics.get("instructions");
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String name = e.getKey();
            Double v = e.getValue();
            if (v == null) {
                if (undefined == null || !undefined.containsKey("metrics." + name)) return "metric " + name + " is null without a reason";
                continue;
            }
            boolean ok = switch (name) {
                case "instructions" -> v >= 1 && v == Math.rint(v);
                case "bits", "nll", "entropy" -> v >= 0 && Double.isFinite(v);          // chain bits; the text judge
                case "words" -> v >= 0 && v == Math.rint(v);
                default -> name.startsWith("inst_")
                        ? instructions != null && v >= 0 && v <= instructions && v == Math.rint(v)
                        : v >= 0 && v <= 1;
            };
            if (!ok) return "metric " + name + " = " + v + " is out of range";
        }
        return null;
    }
}
