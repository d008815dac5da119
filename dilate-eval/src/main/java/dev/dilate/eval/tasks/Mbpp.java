package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.eval.sandbox.PythonSandbox;
import dev.dilate.session.Prompt;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * MBPP, the test split (tasks 11-510), pass@1; prompts as {@link MbppPrompts} writes them. The
 * code is read from the answer by OpenCompass's rules ({@link CodeExtraction#mbppCode}), which
 * leave a bare base-model completion (already cut at "[DONE]") as it is, only stripped. The
 * program run is the code, the task's test_setup_code and its asserts. lm-eval and OpenCompass
 * both leave test_setup_code out, so that task 367 (the only one in the split with setup code)
 * can never pass there; it is included here, which can raise pass@1 by at most 1/500.
 */
public final class Mbpp implements Task {
    public static final String FILE = "mbpp/mbpp.jsonl";
    private static final String SOURCE = "google-research/google-research (mbpp/mbpp.jsonl)";
    private static final int FIRST_TEST = 11, LAST_TEST = 510;

    private final List<Problem> problems;
    private final MbppPrompts prompts;
    private final CodeExecution execution;

    public Mbpp(Path dataFolder, PythonSandbox sandbox) {
        Map<Integer, JsonObject> byId = DataFiles.jsonl(DataFiles.require(dataFolder, FILE, SOURCE)).stream()
                .collect(Collectors.toMap(r -> r.get("task_id").getAsInt(), Function.identity()));
        problems = byId.keySet().stream().filter(id -> id >= FIRST_TEST && id <= LAST_TEST).sorted()
                .map(id -> new Problem("mbpp/" + id, byId.get(id))).toList();
        if (problems.size() != LAST_TEST - FIRST_TEST + 1)
            throw new IllegalArgumentException(FILE + ": the test split (tasks 11-510) has " + problems.size() + " tasks, not 500");
        prompts = new MbppPrompts(MbppPrompts.SHOT_IDS.stream().map(id -> {
            JsonObject shot = byId.get(id);
            if (shot == null) throw new IllegalArgumentException(FILE + ": few-shot task " + id + " is missing");
            return shot;
        }).toList());
        execution = new CodeExecution(sandbox);
    }

    /** Programs run in a default {@link PythonSandbox}, made when the first one is scored. */
    public Mbpp(Path dataFolder) {
        this(dataFolder, null);
    }

    @Override public String name() { return "mbpp"; }

    @Override public List<Problem> problems() { return problems; }

    @Override
    public Prompt prompt(Problem problem, PromptStyle style) {
        return switch (style) {
            case BASE -> prompts.base(problem.record());
            case CHAT -> prompts.chat(problem.record());
        };
    }

    /** lm-eval stops at "[DONE]"; OpenCompass sets no stop strings and cuts at DONE when extracting. */
    @Override
    public List<String> stops(PromptStyle style) {
        return style == PromptStyle.BASE ? List.of("[DONE]") : List.of();
    }

    @Override
    public Score score(Problem problem, String completion) {
        return execution.score(program(problem, CodeExtraction.mbppCode(completion)));
    }

    /** The code, the task's setup code and its asserts, one per line. */
    public static String program(Problem problem, String code) {
        return code + "\n" + problem.field("test_setup_code") + "\n" + String.join("\n", MbppPrompts.tests(problem.record()));
    }

    @Override public String primaryMetric() { return CodeExecution.PASS_AT_1; }
}
