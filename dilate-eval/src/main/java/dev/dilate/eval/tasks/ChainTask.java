package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.oracle.MarkovSource;
import dev.dilate.session.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Continue a prompt drawn from a Markov source; scored by the exact negative log-likelihood of the
 * continuation under the source, in bits per symbol. Decoding that samples the source exactly
 * (temperature 1, one token per call) scores its conditional entropy rate on average; the excess
 * of a planner is the cost of decoding in parallel. For the exact denoiser of the same source.
 *
 * <p>Tokens are drawn after the planner has chosen positions: ranking positions on the probability
 * of tokens already drawn (LLaDA's order) prefers lucky draws and pushes the score below the
 * entropy rate, which would reward selection bias rather than good decoding. With the choice a
 * function of the distributions alone, the expected score is the cross-entropy of the planner's
 * output distribution against the source: at least the entropy rate, more the more the planner's
 * product of marginals departs from the joint.
 */
public final class ChainTask implements Task {
    private final MarkovSource chain;
    private final int count, promptLength;
    private final long seed;

    public ChainTask(MarkovSource chain, int count, int promptLength, long seed) {
        if (count < 1 || promptLength < chain.order())
            throw new IllegalArgumentException("chain task needs at least one problem and prompts of at least k = " + chain.order() + " symbols");
        this.chain = chain;
        this.count = count;
        this.promptLength = promptLength;
        this.seed = seed;
    }

    @Override public String name() { return "chain"; }
    @Override public String primaryMetric() { return "bits"; }
    @Override public boolean higherIsBetter() { return false; }

    @Override
    public List<Problem> problems() {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonObject r = new JsonObject();
            r.addProperty("prompt", spell(chain.sample(promptLength, rng)));
            out.add(new Problem("chain-" + i, r));
        }
        return out;
    }

    private String spell(int[] ids) {
        boolean chars = chain.symbols().stream().allMatch(s -> s.codePointCount(0, s.length()) == 1);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(!chars && sb.length() > 0 ? " " : "").append(chain.symbols().get(id));
        return sb.toString();
    }

    @Override
    public GenerationConfig decoding(GenerationConfig runSettings) { return runSettings.withDrawBeforeSelect(false); }

    @Override public Prompt prompt(Problem problem, PromptStyle style) { return Prompt.text(problem.field("prompt")); }
    @Override public List<String> stops(PromptStyle style) { return List.of(); }

    @Override
    public Score score(Problem problem, String completion) {
        int[] prompt = chain.encode(problem.field("prompt"));
        int[] continuation = chain.encode(completion);
        if (continuation.length == 0) return new Score(Map.of("bits", Double.NaN), completion);
        int[] all = new int[prompt.length + continuation.length];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(continuation, 0, all, prompt.length, continuation.length);
        double nats = chain.logProb(prompt) - chain.logProb(all);
        return new Score(Map.of("bits", nats / Math.log(2) / continuation.length), completion);
    }
}
