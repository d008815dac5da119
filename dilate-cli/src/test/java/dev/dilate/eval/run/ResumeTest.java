package dev.dilate.eval.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep run as a real process and killed (SIGKILL) at random moments, then restarted until it
 * finishes, ends with exactly the records of an uninterrupted run: none lost, none twice.
 */
class ResumeTest {
    @TempDir Path dir;

    private static final List<String> SWEEP = List.of("sweep", "--tasks", "chain", "--models", "markov:builtin",
            "--planners", "tbt;dus;confidence;eb:gamma=2", "--blocks", "8,16", "--gen", "64", "--style", "base",
            "--temperature", "1", "--seed", "5", "--limit", "24");

    private Process start(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.dilate.cli.Main"));
        cmd.addAll(SWEEP);
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** What must be identical between runs: everything but wall time. */
    private static Set<String> content(Path file) {
        Set<String> out = new TreeSet<>();
        for (ResultRecord r : ResultsStore.read(file))
            out.add(r.key() + " | " + r.problem() + " | " + r.output() + " | " + r.metrics() + " | " + r.nfe());
        return out;
    }

    @Test
    void killedAndResumedSweepEqualsAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole.jsonl"), killed = dir.resolve("killed.jsonl");
        Process p = start(whole);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "uninterrupted sweep did not finish");
        assertEquals(0, p.exitValue());
        Set<String> expected = content(whole);
        assertEquals(8 * 24, expected.size());

        SplittableRandom rng = new SplittableRandom(3);
        int kills = 0;
        for (int attempt = 0; attempt < 40; attempt++) {
            Process q = start(killed);
            if (kills < 5 && !q.waitFor(300 + rng.nextInt(900), TimeUnit.MILLISECONDS)) {
                q.destroyForcibly().waitFor();
                kills++;
                continue;
            }
            assertTrue(q.waitFor(120, TimeUnit.SECONDS), "resumed sweep did not finish");
            if (q.exitValue() == 0) break;
        }
        assertTrue(kills >= 3, "the sweep finished before it could be killed often enough (" + kills + " kills)");
        assertEquals(expected, content(killed));
        assertEquals(expected.size(), Files.readAllLines(killed).size(), "a record was written twice");
    }

    @Test
    void shardsMergeIntoTheWholeRun() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Process p = start(whole);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path part = dir.resolve("part" + i + ".jsonl");
            List<String> args = new ArrayList<>(SWEEP);
            args.addAll(List.of("--shard", i + "/3", "--out", part.toString()));
            assertEquals(0, dev.dilate.cli.Main.run(args.toArray(String[]::new)));
            parts.add(part.toString());
        }
        Path merged = dir.resolve("merged.jsonl");
        List<String> merge = new ArrayList<>(List.of("merge", "--out", merged.toString()));
        merge.addAll(parts);
        merge.add(parts.get(0));                          // a file given twice: its records are kept once
        assertEquals(0, dev.dilate.cli.Main.run(merge.toArray(String[]::new)));
        assertEquals(content(whole), content(merged));
        assertEquals(8 * 24, Files.readAllLines(merged).size());
    }

}
