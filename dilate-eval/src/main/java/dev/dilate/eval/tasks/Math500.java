package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MATH-500 (500 problems of the MATH test set). BASE prompts are lm-evaluation-harness
 * {@code minerva_math500}: Minerva's four exemplars ending "Final Answer: The final answer is $X$.
 * I hope it is correct."; CHAT prompts are OpenCompass {@code math_0shot_gen_11c4b5}: the problem and
 * a {@code \boxed{}} instruction. Metrics: {@code minerva}, lm-eval's {@code exact_match}: the
 * Minerva-normalised "Final Answer" sentence against the normalised boxed answer of the solution,
 * equal when sympy shows their difference is zero ({@link SympyJudge}); and {@code equiv},
 * OpenCompass v2's string equivalence or equal exact values, on the last {@code \boxed{}} of the
 * completion (else its Minerva sentence, else OpenCompass's "answer is" sentence) against the
 * boxed answer of the solution.
 */
public final class Math500 implements Task {
    static final String TEST = "math500/test.jsonl";
    private static final String SOURCE = "openai/prm800k (prm800k/math_splits/test.jsonl, also HuggingFaceH4/MATH-500)";
    private static final String CHAT_INSTRUCTION = "\nPlease reason step by step, and put your final answer within \\boxed{}.";
    private static final List<JsonObject> MINERVA_EXEMPLARS = Exemplars.load("minerva-math-exemplars.json");

    private final List<Problem> problems;

    public Math500(Path dataFolder) {
        this.problems = DataFiles.jsonl(DataFiles.require(dataFolder, TEST, SOURCE)).stream()
                .map(r -> new Problem(r.get("unique_id").getAsString(), r)).toList();
    }

    @Override public String name() { return "math500"; }

    @Override public List<Problem> problems() { return problems; }

    @Override
    public Prompt prompt(Problem problem, PromptStyle style) {
        return switch (style) {
            case BASE -> {
                StringBuilder text = new StringBuilder();
                for (JsonObject shot : MINERVA_EXEMPLARS)
                    text.append(baseProblem(shot.get("problem").getAsString())).append(' ').append(shot.get("solution").getAsString()).append("\n\n");
                yield Prompt.text(text.append(baseProblem(problem.field("problem"))).toString());
            }
            case CHAT -> Prompt.chat(List.of(ChatMessage.user(problem.field("problem") + CHAT_INSTRUCTION)), "");
        };
    }

    private static String baseProblem(String problem) { return "Problem:\n" + problem + "\n\nSolution:"; }

    @Override
    public List<String> stops(PromptStyle style) {
        return switch (style) {
            case BASE -> List.of("Problem:");
            case CHAT -> List.of("</s>", "<|im_end|>", "<|eot_id|>", "<|endoftext|>");
        };
    }

    @Override
    public Score score(Problem problem, String completion) {
        String solution = problem.field("solution");
        boolean minerva = SympyJudge.shared().equal(FinalAnswers.minerva(FinalAnswers.minervaSentence(completion)), FinalAnswers.minerva(Boxed.lmEval(solution)));
        String prediction = prediction(completion);
        boolean equiv = MathEquivalence.equivalent(prediction, Boxed.openCompass(solution, false));
        return new Score(Map.of("minerva", minerva ? 1.0 : 0.0, "equiv", equiv ? 1.0 : 0.0), prediction);
    }

    /** The answer {@code equiv} reads: the last \boxed{}, else the Minerva sentence, else OpenCompass's sentence rule. */
    static String prediction(String completion) {
        String boxed = OpenCompassMath.boxed(completion);
        if (boxed != null) return boxed;
        String sentence = FinalAnswers.minervaSentence(completion);
        return !sentence.equals(FinalAnswers.INVALID) ? sentence : OpenCompassMath.sentence(completion);
    }

    @Override public String primaryMetric() { return "equiv"; }
}
