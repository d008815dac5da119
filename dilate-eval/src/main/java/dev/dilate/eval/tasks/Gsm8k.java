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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * GSM8K test (1,319 problems). BASE prompts are lm-evaluation-harness {@code gsm8k}: five train
 * exemplars drawn per problem by {@code random.Random(1234).sample}, one draw after another in test
 * order, as lm-eval draws them; CHAT prompts are OpenCompass {@code gsm8k_gen_1d7fe4}: its four
 * fixed "Let's think step by step" turns. Scored by lm-eval's strict and flexible extraction and by
 * OpenCompass's last-number rule.
 */
public final class Gsm8k implements Task {
    static final String TEST = "gsm8k/test.jsonl";
    static final String TRAIN = "gsm8k/train.jsonl.gz";
    private static final String SOURCE = "openai/grade-school-math (grade_school_math/data/test.jsonl; train.jsonl gzipped)";
    private static final int SHOTS = 5;
    private static final long FEWSHOT_SEED = 1234;
    private static final List<JsonObject> CHAT_EXEMPLARS = Exemplars.load("gsm8k-opencompass-exemplars.json");

    private final Path data;
    private final List<Problem> problems;
    private final Map<String, Integer> positions = new HashMap<>();
    private List<List<JsonObject>> fewshot;  // per test position; read on the first BASE prompt

    public Gsm8k(Path dataFolder) {
        this.data = dataFolder;
        List<JsonObject> records = DataFiles.jsonl(DataFiles.require(dataFolder, TEST, SOURCE));
        this.problems = IntStream.range(0, records.size()).mapToObj(i -> new Problem("gsm8k/" + i, records.get(i))).toList();
        for (int i = 0; i < problems.size(); i++) positions.put(problems.get(i).id(), i);
    }

    @Override public String name() { return "gsm8k"; }

    @Override public List<Problem> problems() { return problems; }

    @Override
    public Prompt prompt(Problem problem, PromptStyle style) {
        return switch (style) {
            case BASE -> {
                StringBuilder text = new StringBuilder();
                for (JsonObject shot : fewshotFor(problem))
                    text.append(baseQuestion(shot.get("question").getAsString())).append(' ').append(shot.get("answer").getAsString()).append("\n\n");
                yield Prompt.text(text.append(baseQuestion(problem.field("question"))).toString());
            }
            case CHAT -> {
                List<ChatMessage> turns = new ArrayList<>();
                for (JsonObject shot : CHAT_EXEMPLARS) {
                    turns.add(ChatMessage.user(chatQuestion(shot.get("question").getAsString())));
                    turns.add(ChatMessage.assistant(shot.get("answer").getAsString()));
                }
                turns.add(ChatMessage.user(chatQuestion(problem.field("question"))));
                yield Prompt.chat(turns, "");
            }
        };
    }

    private static String baseQuestion(String question) { return "Question: " + question + "\nAnswer:"; }

    private static String chatQuestion(String question) { return "Question: " + question + "\nLet's think step by step\nAnswer:"; }

    private synchronized List<JsonObject> fewshotFor(Problem problem) {
        Integer position = positions.get(problem.id());
        if (position == null) throw new IllegalArgumentException("not a GSM8K test problem: " + problem.id());
        if (fewshot == null) fewshot = drawFewshot();
        return fewshot.get(position);
    }

    /** lm-eval's ContextSampler: one shared generator, one sample per test document, the document itself left out. */
    private List<List<JsonObject>> drawFewshot() {
        List<JsonObject> train = DataFiles.jsonl(DataFiles.require(data, TRAIN, SOURCE));
        PythonRandom random = new PythonRandom(FEWSHOT_SEED);
        List<List<JsonObject>> out = new ArrayList<>();
        for (Problem p : problems) {
            List<JsonObject> shots = new ArrayList<>(random.sample(train, SHOTS));
            shots.removeIf(p.record()::equals);
            out.add(List.copyOf(shots));
        }
        return out;
    }

    @Override
    public List<String> stops(PromptStyle style) {
        return switch (style) {
            case BASE -> List.of("Question:", "</s>", "<|im_end|>");
            // The chat model ends its turn with its end-of-turn token; a new "Question:" means it went on.
            case CHAT -> List.of("Question:", "</s>", "<|im_end|>", "<|eot_id|>", "<|endoftext|>");
        };
    }

    @Override
    public Score score(Problem problem, String completion) {
        String answer = problem.field("answer");
        String flexible = Gsm8kAnswers.flexible(completion);
        return new Score(Map.of(
                "strict", Gsm8kAnswers.lmEvalMatch(Gsm8kAnswers.strict(completion), answer) ? 1.0 : 0.0,
                "flexible", Gsm8kAnswers.lmEvalMatch(flexible, answer) ? 1.0 : 0.0,
                "opencompass", Gsm8kAnswers.openCompassMatch(Gsm8kAnswers.openCompass(completion),
                        Gsm8kAnswers.openCompassReference(answer)) ? 1.0 : 0.0),
                flexible);
    }

    @Override public String primaryMetric() { return "flexible"; }
}
