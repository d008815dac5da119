package dev.dilate.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numeric columns, for terminal output. */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) { this.header = List.of(header); }

    TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(String.valueOf(c));
        rows.add(r);
        return this;
    }

    String render() {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) w[c] = Math.max(w[c], r.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (int c = 0; c < w.length; c++) sb.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        sb.append('\n');
        for (List<String> r : rows) line(sb, r, w);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int c = 0; c < w.length; c++) {
            String s = cells.get(c);
            boolean left = c == 0 || !looksNumeric(s);
            sb.append(c == 0 ? "" : "  ").append(left ? pad(s, w[c], true) : pad(s, w[c], false));
        }
        sb.append('\n');
    }

    private static boolean looksNumeric(String s) { return s.matches("[-+0-9.,%x±e ]+|nan|NaN|-"); }

    private static String pad(String s, int w, boolean left) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return left ? s + fill : fill + s;
    }

    /** Fixed decimals; NaN (no such statistic) as "-", and no "-0.000" for tiny negative estimates. */
    static String num(double v, int decimals) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.?0*") ? s.substring(1) : s;
    }
}
