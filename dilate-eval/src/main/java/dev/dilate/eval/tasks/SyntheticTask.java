package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.session.Prompt;
import dev.dilate.synthetic.Example;
import dev.dilate.synthetic.Family;
import dev.dilate.synthetic.Split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A synthetic family as a benchmark: held-out problems only (the trainer never sees them), the bare
 * prompt in either style (small models have no chat format), scored by exact match of the result,
 * exact match of the whole answer, and the fraction of answer characters in place.
 */
public final class SyntheticTask implements Task {
    private final Family family;
    private final int count;
    private final long seed;

    public SyntheticTask(Family family, int count, long seed) {
        this.family = family;
        this.count = count;
        this.seed = seed;
    }

    @Override public String name() { return family.name(); }
    @Override public String primaryMetric() { return "exact"; }

    @Override
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        List<Example> examples = Split.heldOut(family, count, seed);
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            JsonObject r = new JsonObject();
            r.addProperty("prompt", e.prompt());
            r.addProperty("answer", e.answer());
            r.addProperty("result", e.result());
            out.add(new Problem(family.name() + "-" + i, r));
        }
        return out;
    }

    @Override public Prompt prompt(Problem problem, PromptStyle style) { return Prompt.text(problem.field("prompt")); }
    @Override public List<String> stops(PromptStyle style) { return List.of(); }

    @Override
    public Score score(Problem problem, String completion) {
        String answer = problem.field("answer"), output = completion.strip();
        String result = output.contains("#") ? output.substring(output.lastIndexOf('#') + 1) : output;
        int same = 0;
        for (int i = 0; i < Math.min(answer.length(), output.length()); i++) if (answer.charAt(i) == output.charAt(i)) same++;
        return new Score(Map.of(
                "exact", result.equals(problem.field("result")) ? 1.0 : 0.0,
                "answer", output.equals(answer) ? 1.0 : 0.0,
                "chars", (double) same / Math.max(answer.length(), output.length())), result);
    }
}
