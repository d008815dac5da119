package dev.dilate.cli;

import dev.dilate.generate.Generation;
import dev.dilate.generate.Trace;
import dev.dilate.generate.Vocabulary;

import java.util.List;

/**
 * Draws a decode step by step as the poster's figure does: one line per step, one cell per
 * generated position of the block, masked cells as dots, newly revealed cells marked (reverse
 * video on a terminal, a caret line underneath otherwise). Token editing's rewrites are marked
 * {@code *} on their step's line; cells show each position's final token.
 */
final class TraceView {
    private TraceView() {}

    static String render(Generation g, Vocabulary vocab, int blockSize, boolean color) {
        Trace t = g.trace();
        StringBuilder sb = new StringBuilder();
        List<Trace.Step> steps = t.steps();
        for (int b = 0; b * blockSize < t.length(); b++) {
            int from = b * blockSize, to = from + blockSize;
            int width = 1;
            for (int i = from; i < to; i++) if (t.token(i) >= 0) width = Math.max(width, cell(vocab, t.token(i)).length());
            sb.append(String.format("block %d (positions %d-%d)%n", b, from, to - 1));
            for (Trace.Step s : steps) {
                if (s.block() != b) continue;
                StringBuilder line = new StringBuilder(), marks = new StringBuilder();
                line.append(String.format("  step %3d  +%-3d%s ", s.index() + 1, s.positions().length,
                        s.edited().length > 0 ? String.format(" ~%d", s.edited().length) : ""));
                marks.append(" ".repeat(line.length()));
                java.util.Set<Integer> edited = new java.util.HashSet<>();
                for (int e : s.edited()) edited.add(e);
                for (int i = from; i < to; i++) {
                    int when = t.stepOf(i);
                    boolean known = when >= 0 && when <= s.index(), fresh = when == s.index(), rewritten = edited.contains(i);
                    String c = known ? pad(cell(vocab, t.token(i)), width) : "·".repeat(width);
                    line.append((fresh || rewritten) && color ? "\u001b[7m" + c + "\u001b[0m" : c).append(width > 1 ? " " : "");
                    marks.append((fresh ? "^" : rewritten ? "*" : " ").repeat(width)).append(width > 1 ? " " : "");
                }
                sb.append(line).append('\n');
                if (!color) sb.append(marks.toString().stripTrailing()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A token as one visible cell: spaces and control characters shown as symbols, and EOS as ∎
     * (it pads every answer of a small model, and its long name would widen every cell).
     */
    static String cell(Vocabulary vocab, int id) {
        if (id == vocab.eosId()) return "∎";
        return vocab.piece(id).replace(" ", "␣").replace("\n", "⏎").replace("\t", "→");
    }

    private static String pad(String s, int w) { return s + " ".repeat(Math.max(0, w - s.length())); }
}
