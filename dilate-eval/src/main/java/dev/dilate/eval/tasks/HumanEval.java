package dev.dilate.eval.tasks;

import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.eval.sandbox.PythonSandbox;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;

import java.nio.file.Path;
import java.util.List;

/**
 * HumanEval (164 problems), pass@1. BASE is lm-evaluation-harness {@code humaneval}: the prompt
 * verbatim, cut at its five stop strings. CHAT is OpenCompass {@code humaneval_gen_8e312c}:
 * "Complete the following python code:" and the prompt. Either way the program run is the
 * prompt, the completion, the tests and {@code check(entry_point)}, as human-eval builds it; an
 * answer with a fenced code block contributes only that block (OpenCompass's rule). A block that
 * restates the whole function just redefines the prompt's stub, while the prompt's imports and
 * helper functions stay in place.
 */
public final class HumanEval implements Task {
    public static final String FILE = "humaneval/HumanEval.jsonl.gz";
    private static final String SOURCE = "openai/human-eval (data/HumanEval.jsonl.gz)";
    private static final List<String> BASE_STOPS = List.of("\nclass", "\ndef", "\n#", "\nif", "\nprint");

    private final List<Problem> problems;
    private final CodeExecution execution;

    public HumanEval(Path dataFolder, PythonSandbox sandbox) {
        problems = DataFiles.jsonl(DataFiles.require(dataFolder, FILE, SOURCE)).stream()
                .map(r -> new Problem(r.get("task_id").getAsString(), r)).toList();
        execution = new CodeExecution(sandbox);
    }

    /** Programs run in a default {@link PythonSandbox}, made when the first one is scored. */
    public HumanEval(Path dataFolder) {
        this(dataFolder, null);
    }

    @Override public String name() { return "humaneval"; }

    @Override public List<Problem> problems() { return problems; }

    @Override
    public Prompt prompt(Problem problem, PromptStyle style) {
        String prompt = problem.field("prompt");
        return switch (style) {
            case BASE -> Prompt.text(prompt);
            case CHAT -> Prompt.chat(List.of(ChatMessage.user("Complete the following python code:\n" + prompt)), "");
        };
    }

    /** Chat models stop at their end-of-turn token; OpenCompass sets no stop strings. */
    @Override
    public List<String> stops(PromptStyle style) {
        return style == PromptStyle.BASE ? BASE_STOPS : List.of();
    }

    @Override
    public Score score(Problem problem, String completion) {
        return execution.score(program(problem, CodeExtraction.humanEvalCode(completion)));
    }

    /** What human-eval runs for a completion. */
    public static String program(Problem problem, String completion) {
        return problem.field("prompt") + completion + "\n" + problem.field("test") + "\ncheck(" + problem.field("entry_point") + ")";
    }

    @Override public String primaryMetric() { return CodeExecution.PASS_AT_1; }
}
