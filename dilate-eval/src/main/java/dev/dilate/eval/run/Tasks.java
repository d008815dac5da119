package dev.dilate.eval.run;

import dev.dilate.eval.Task;
import dev.dilate.eval.ifeval.IfEval;
import dev.dilate.synthetic.Families;
import dev.dilate.synthetic.Family;
import dev.dilate.eval.tasks.SyntheticTask;
import dev.dilate.eval.tasks.ChainTask;
import dev.dilate.eval.tasks.Gsm8k;
import dev.dilate.eval.tasks.HumanEval;
import dev.dilate.eval.tasks.Mbpp;
import dev.dilate.eval.tasks.Math500;
import dev.dilate.eval.tasks.TextContinuation;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import dev.dilate.session.MarkovSubject;
import dev.dilate.session.Subject;

/**
 * The tasks by name, made for a data folder and the subject being evaluated: the one registry,
 * so a new task is one entry here.
 */
public final class Tasks {
    private Tasks() {}

    private record Entry(String name, BiFunction<Path, Subject, Task> make) {}

    /** The benchmarks and the Markov chain task; every synthetic family follows them. */
    private static final List<Entry> REGISTERED = List.of(
            new Entry("gsm8k", (data, subject) -> new Gsm8k(data)),
            new Entry("math500", (data, subject) -> new Math500(data)),
            new Entry("humaneval", (data, subject) -> new HumanEval(data)),
            new Entry("mbpp", (data, subject) -> new Mbpp(data)),
            new Entry("ifeval", (data, subject) -> new IfEval(data)),
            new Entry("text", (data, subject) -> new TextContinuation(data)),
            new Entry("chain", (data, subject) -> {
                if (!(subject instanceof MarkovSubject m))
                    throw new IllegalArgumentException("task chain needs a markov:... model (it is scored under that source)");
                return new ChainTask(m.chain(), 64, 16, 1);
            }));

    /** Every task name: the registered ones, then every synthetic family. */
    public static final List<String> NAMES = Stream.concat(REGISTERED.stream().map(Entry::name),
            Families.ALL.stream().map(Family::name)).toList();

    /** Held-out problems per synthetic family. */
    static final int SYNTHETIC_PROBLEMS = 200;

    public static Task create(String name, Path data, Subject subject) {
        requireKnown(name);
        for (Entry e : REGISTERED) if (e.name().equals(name)) return e.make().apply(data, subject);
        return new SyntheticTask(Families.named(name), SYNTHETIC_PROBLEMS, 2026);
    }

    /** Fails with the known names unless {@code name} is a task: a command checks before it creates any file. */
    public static void requireKnown(String name) {
        if (!NAMES.contains(name)) throw new IllegalArgumentException("unknown task '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
}
