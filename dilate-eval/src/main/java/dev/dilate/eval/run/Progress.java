package dev.dilate.eval.run;

import java.io.PrintStream;

/**
 * A progress line on stderr: done/total, samples per second and time left. On a terminal it
 * redraws in place; otherwise (logs, CI) it prints a line at every tenth of the way.
 */
final class Progress {
    private final PrintStream out;
    private final String label;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int shownTenth = -1;

    Progress(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    void update(int done) {
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (!terminal && tenth == shownTenth && done != total) return;
        shownTenth = tenth;
        double seconds = (System.nanoTime() - start) / 1e9, rate = done / Math.max(seconds, 1e-9);
        int width = 24, filled = total == 0 ? width : done * width / total;
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String eta = done == 0 ? "?" : duration((total - done) / rate);
        out.print((terminal ? "\r" : "") + String.format("%s [%s] %d/%d  %.2f/s  ETA %s", label, bar, done, total, rate, eta)
                + (terminal && done < total ? "" : "\n"));
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
