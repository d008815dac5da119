package dev.dilate.eval.ifeval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * IFEval (Zhou et al. 2023): 541 prompts carrying 834 verifiable instructions of 25 types, given 0-shot
 * and verbatim, with no stop strings. Each instruction is checked strictly (on the response) and
 * loosely (on any of {@link LooseVariants}); a blank response follows nothing. Scores carry
 * {@code prompt_strict}/{@code prompt_loose} (1 when every instruction passes), {@code inst_strict}/
 * {@code inst_loose} (instructions passed) and {@code instructions}; {@link #aggregate} gives the four
 * accuracies of the reference: prompt level as a mean over prompts, instruction level over all instructions.
 */
public final class IfEval implements Task {
    public static final String FILE = "ifeval/input_data.jsonl";
    private static final String SOURCE = "google-research/google-research (instruction_following_eval/data/input_data.jsonl)";

    private record Instruction(String id, Check check) {}

    private final List<Problem> problems;

    /** The task over {@code dataFolder}/ifeval/input_data.jsonl; every instruction of the file is built here, so a bad file fails at once. */
    public IfEval(Path dataFolder) {
        Path file = DataFiles.require(dataFolder, FILE, SOURCE);
        problems = DataFiles.jsonl(file).stream().map(r -> new Problem(r.get("key").getAsString(), r)).toList();
        problems.forEach(IfEval::instructions);
    }

    @Override public String name() { return "ifeval"; }

    @Override public List<Problem> problems() { return problems; }

    @Override
    public Prompt prompt(Problem problem, PromptStyle style) {
        String prompt = problem.field("prompt");
        return style == PromptStyle.CHAT ? Prompt.chat(List.of(ChatMessage.user(prompt)), "") : Prompt.text(prompt);
    }

    @Override public List<String> stops(PromptStyle style) { return List.of(); }

    @Override
    public Score score(Problem problem, String completion) {
        boolean answered = !PyText.strip(completion).isEmpty();
        List<String> variants = LooseVariants.of(completion).stream().filter(v -> !PyText.strip(v).isEmpty()).toList();
        List<Instruction> instructions = instructions(problem);
        int strict = 0, loose = 0;
        StringJoiner outcome = new StringJoiner("; ");
        for (Instruction in : instructions) {
            boolean s = answered && in.check().follows(completion);
            boolean l = s || variants.stream().anyMatch(in.check()::follows);
            strict += s ? 1 : 0;
            loose += l ? 1 : 0;
            outcome.add(in.id() + (s ? " pass" : l ? " loose" : " fail"));
        }
        int n = instructions.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("prompt_strict", strict == n ? 1.0 : 0.0);
        metrics.put("prompt_loose", loose == n ? 1.0 : 0.0);
        metrics.put("inst_strict", (double) strict);
        metrics.put("inst_loose", (double) loose);
        metrics.put("instructions", (double) n);
        return new Score(metrics, outcome.toString());
    }

    @Override public String primaryMetric() { return "prompt_strict"; }

    /** Prompt-level accuracies are means over prompts; instruction-level ones are passes over all instructions. */
    @Override
    public Map<String, Double> aggregate(List<Score> scores) {
        double instructions = sum(scores, "instructions");
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("prompt_strict", sum(scores, "prompt_strict") / scores.size());
        out.put("prompt_loose", sum(scores, "prompt_loose") / scores.size());
        out.put("inst_strict", sum(scores, "inst_strict") / instructions);
        out.put("inst_loose", sum(scores, "inst_loose") / instructions);
        return out;
    }

    private static double sum(List<Score> scores, String metric) {
        return scores.stream().mapToDouble(s -> s.metric(metric)).sum();
    }

    private static List<Instruction> instructions(Problem problem) {
        JsonObject record = problem.record();
        JsonArray ids = record.getAsJsonArray("instruction_id_list"), kwargs = record.getAsJsonArray("kwargs");
        if (ids == null || kwargs == null || ids.size() != kwargs.size())
            throw new IllegalArgumentException("IFEval prompt " + problem.id() + ": instruction_id_list and kwargs must be lists of one length");
        List<Instruction> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).getAsString();
            try {
                out.add(new Instruction(id, Instructions.check(id, new Kwargs(kwargs.get(i).getAsJsonObject()))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("IFEval prompt " + problem.id() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
