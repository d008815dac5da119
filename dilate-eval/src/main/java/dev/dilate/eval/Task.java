package dev.dilate.eval;

import dev.dilate.generate.GenerationConfig;
import dev.dilate.session.Prompt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark: its problems, how each is put to a model, and how a completion is scored. Tasks
 * know nothing of models or planners; the runner decodes, cuts the text at {@link #stops} (after
 * the whole canvas is generated, as LLaDA's harness does) and calls {@link #score}.
 */
public interface Task {

    /** The name used on the command line and in results, e.g. {@code gsm8k}. */
    String name();

    /** Every problem of the evaluated split in a fixed order; ids are unique. */
    List<Problem> problems();

    /** The prompt for a problem: few-shot text for base models, chat turns for instruct models. */
    Prompt prompt(Problem problem, PromptStyle style);

    /** Strings at which the generated text is cut before scoring. */
    List<String> stops(PromptStyle style);

    /** Scores one completion, already cut at the stops. */
    Score score(Problem problem, String completion);

    /** The metric reports lead with (one of the keys every {@link Score} of this task has). */
    String primaryMetric();

    /** Whether a larger primary metric is better (accuracies) or worse (bits, losses). */
    default boolean higherIsBetter() { return true; }

    /**
     * The decoding settings this task's scores assume, from the run's own; by default unchanged.
     * (The chain task needs selections that do not depend on the draws, see {@link dev.dilate.eval.tasks.ChainTask}.)
     */
    default GenerationConfig decoding(GenerationConfig runSettings) { return runSettings; }

    /** Aggregates the scores of many problems; by default the mean of every metric. */
    default Map<String, Double> aggregate(List<Score> scores) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Score s : scores) s.metrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
        sums.replaceAll((k, v) -> scores.isEmpty() ? Double.NaN : v / scores.size());
        return sums;
    }
}
