package dev.dilate.eval.run;

import dev.dilate.eval.Task;
import dev.dilate.eval.ifeval.IfEval;
import dev.dilate.eval.synthetic.Families;
import dev.dilate.eval.synthetic.Family;
import dev.dilate.eval.synthetic.SyntheticTask;
import dev.dilate.eval.tasks.ChainTask;
import dev.dilate.eval.tasks.Gsm8k;
import dev.dilate.eval.tasks.HumanEval;
import dev.dilate.eval.tasks.Mbpp;
import dev.dilate.eval.tasks.Math500;
import dev.dilate.eval.tasks.TextContinuation;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The tasks by name, made for a data folder and the subject being evaluated. */
public final class Tasks {
    private Tasks() {}

    /** The benchmarks, the Markov chain task, then every synthetic family. */
    public static final List<String> NAMES = Stream.concat(Stream.of("gsm8k", "math500", "humaneval", "mbpp", "ifeval", "text", "chain"),
            Families.ALL.stream().map(Family::name)).toList();

    /** Held-out problems per synthetic family. */
    static final int SYNTHETIC_PROBLEMS = 200;

    public static Task create(String name, Path data, Subject subject) {
        return switch (name) {
            case "chain" -> {
                if (!(subject instanceof MarkovSubject m))
                    throw new IllegalArgumentException("task chain needs a markov:... model (it is scored under that source)");
                yield new ChainTask(m.chain(), 64, 16, 1);
            }
            case "gsm8k" -> new Gsm8k(data);
            case "math500" -> new Math500(data);
            case "humaneval" -> new HumanEval(data);
            case "mbpp" -> new Mbpp(data);
            case "ifeval" -> new IfEval(data);
            case "text" -> new TextContinuation(data);
            default -> {   // every other known name is a synthetic family
                if (!NAMES.contains(name)) throw new IllegalArgumentException("unknown task '" + name + "' (known: " + String.join(", ", NAMES) + ")");
                yield new SyntheticTask(Families.named(name), SYNTHETIC_PROBLEMS, 2026);
            }
        };
    }
}
