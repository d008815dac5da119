package dev.dilate.eval.tasks;

import dev.dilate.eval.Problem;
import dev.dilate.synthetic.Example;
import dev.dilate.synthetic.Families;
import dev.dilate.synthetic.Family;
import dev.dilate.synthetic.Split;
import dev.dilate.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticTest {

    /** Evaluates an arith prompt by its own reading of the statements, independently of the generator. */
    private static long evaluate(String prompt) {
        Map<String, Long> vars = new HashMap<>();
        String[] parts = prompt.split(";");
        for (String st : parts) {
            if (st.endsWith("?")) return vars.get(st.substring(0, st.length() - 1));
            String[] kv = st.split("=");
            String e = kv[1];
            int op = Math.max(e.indexOf('+', 1), Math.max(e.indexOf('-', 1), e.indexOf('*', 1)));
            if (op < 0) { vars.put(kv[0], Long.parseLong(e)); continue; }
            long l = value(vars, e.substring(0, op)), r = value(vars, e.substring(op + 1));
            vars.put(kv[0], switch (e.charAt(op)) { case '+' -> l + r; case '-' -> l - r; default -> l * r; });
        }
        throw new AssertionError("no question in " + prompt);
    }

    private static long value(Map<String, Long> vars, String s) { return vars.containsKey(s) ? vars.get(s) : Long.parseLong(s); }

    @Test
    void answersAreRightAndFitTheAlphabet() {
        SplittableRandom rng = new SplittableRandom(1);
        Tokenizer chars = Tokenizer.characters(Families.ALPHABET, "<|endoftext|>", "<|mdm_mask|>");
        for (Family f : Families.ALL)
            for (int i = 0; i < 2000; i++) {
                Example e = f.draw(rng);
                String p = e.prompt();
                switch (f.name()) {
                    case "add", "add-sparse" -> {
                        String[] ab = p.substring(0, p.length() - 1).split("\\+");
                        assertEquals(16, ab[0].length(), p);
                        assertEquals(16, ab[1].length(), p);
                        assertEquals(17, e.answer().length(), p);
                        assertEquals(Long.parseLong(ab[0]) + Long.parseLong(ab[1]), Long.parseLong(e.answer()), p);
                    }
                    case "add3", "add3-sparse" -> {
                        String[] abc = p.substring(0, p.length() - 1).split("\\+");
                        for (String operand : abc) assertEquals(8, operand.length(), p);
                        long x = Long.parseLong(abc[0]) + Long.parseLong(abc[1]), y = x + Long.parseLong(abc[2]);
                        assertEquals(String.format("%09d;#%09d", x, y), e.answer(), p);
                        assertEquals(String.format("%09d", y), e.result(), p);
                    }
                    case "reverse" -> assertEquals(new StringBuilder(p.substring(2, p.length() - 1)).reverse().toString(), e.answer(), p);
                    case "sort" -> {
                        List<Integer> v = new java.util.ArrayList<>();
                        for (String s : p.substring(2, p.length() - 1).split(",")) v.add(Integer.parseInt(s));
                        v.sort(null);
                        assertEquals(String.join(",", v.stream().map(String::valueOf).toList()), e.answer(), p);
                    }
                    default -> {
                        assertEquals(Long.toString(evaluate(p)), e.result(), p);
                        assertTrue(e.answer().endsWith("#" + e.result()), e.answer());
                    }
                }
                assertTrue(e.answer().length() <= f.maxAnswerLength(), f.name() + " answer too long: " + e.answer());
                assertEquals(p + e.answer(), chars.decode(chars.encode(p + e.answer())), "outside the alphabet: " + p + e.answer());
            }
    }

    @Test
    void heldOutNeverAppearsInTraining() {
        for (Family f : Families.ALL) {
            Set<String> held = new HashSet<>();
            for (Example e : Split.heldOut(f, 200, 2026)) held.add(e.prompt());
            assertEquals(200, held.size());
            assertEquals(held, new HashSet<>(Split.heldOut(f, 200, 2026).stream().map(Example::prompt).toList()), "held-out set is not reproducible");
            SplittableRandom rng = new SplittableRandom(9);
            for (int i = 0; i < 20_000; i++) assertFalse(held.contains(Split.train(f, rng).prompt()), f.name());
        }
    }

    @Test
    void referenceScoresOneAndOthersLess() {
        for (Family f : Families.ALL) {
            SyntheticTask task = new SyntheticTask(f, 50, 3);
            List<Problem> problems = task.problems();
            for (Problem p : problems) {
                var s = task.score(p, p.field("answer"));
                assertEquals(1.0, s.metric("exact"));
                assertEquals(1.0, s.metric("answer"));
                assertEquals(1.0, s.metric("chars"));
            }
            double wrong = 0;
            for (int i = 0; i < problems.size(); i++)
                wrong += task.score(problems.get(i), problems.get((i + 1) % problems.size()).field("answer")).metric("exact");
            assertTrue(wrong / problems.size() < 0.1, f.name() + ": shuffled answers score " + wrong / problems.size());
        }
    }
}
