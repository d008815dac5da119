package dev.dilate.eval.run;

import dev.dilate.eval.PromptStyle;
import dev.dilate.generate.CachePolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation setting: everything that decides a record except the problem. Its {@link #key}
 * identifies the records it produced in a results file, so a resumed or sharded run knows what is done.
 *
 * @param model       the model's path, or {@code markov:...} for an exact Markov denoiser
 * @param planner     planner spec as {@code dilate planners} lists them
 * @param block       block size B
 * @param gen         generated positions G (a multiple of B)
 * @param temperature 0 for argmax
 * @param seed        seed of every random choice (per problem it is mixed with the problem's index)
 * @param cache       the key/value cache policy ({@link CachePolicy})
 */
public record RunConfig(String model, String task, String planner, int block, int gen, PromptStyle style,
                        double temperature, long seed, CachePolicy cache) {

    public RunConfig {
        if (block < 1 || gen < 1 || gen % block != 0)
            throw new IllegalArgumentException("need 1 <= B and G a multiple of B, got B=" + block + ", G=" + gen);
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (cache == null) throw new IllegalArgumentException("cache policy must not be null");
    }

    /** The fields in a fixed order: the identity of this setting in results files. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("task", task);
        m.put("planner", planner);
        m.put("block", block);
        m.put("gen", gen);
        m.put("style", style.name().toLowerCase());
        m.put("temperature", temperature);
        m.put("seed", seed);
        m.put("cache", cache.toString());
        return m;
    }

    /**
     * The fields as a string; without the cache when it is none, so that results files written
     * before there were caches still resume.
     */
    public String key() {
        Map<String, Object> m = fields();
        if (!cache.caches()) m.remove("cache");
        return m.toString();
    }
}
