package dev.dilate.eval.tasks;

import dev.dilate.eval.Problem;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** The data folder for task tests, and scoring many completions on a small pool. */
final class TaskData {
    private TaskData() {}

    /** Runs are mostly interpreter start-up, so a few more workers than the 2 cores keep them busy. */
    private static final int WORKERS = 4;

    static Path folder(String file) {
        return BenchmarkData.folder(file);
    }

    /** The score of {@code completion(p)} for every problem, in problem order. */
    static List<Score> scoreAll(Task task, Function<Problem, String> completion) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(WORKERS)) {
            List<Future<Score>> futures = new ArrayList<>();
            for (Problem p : task.problems()) futures.add(pool.submit(() -> task.score(p, completion.apply(p))));
            List<Score> scores = new ArrayList<>();
            for (Future<Score> f : futures) scores.add(f.get());
            return scores;
        }
    }

    /** Ids of the problems whose score on {@code metric} is not {@code expected}. */
    static List<String> idsNot(Task task, List<Score> scores, String metric, double expected) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++)
            if (scores.get(i).metric(metric) != expected) out.add(task.problems().get(i).id());
        return out;
    }
}
