package dev.dilate.eval.report;

import java.util.ArrayList;
import java.util.List;

/** A small table of text cells, rendered as plain text for a terminal, as Markdown or as HTML. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) { this.header = List.of(header); }

    /** Adds a row, each cell as {@code String.valueOf} writes it. */
    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(String.valueOf(c));
        rows.add(List.copyOf(r));
        return this;
    }

    public List<String> header() { return header; }

    public List<List<String>> rows() { return rows; }

    /** Plain text: columns padded to width, numbers right-aligned, a rule under the header. */
    public String text() {
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
            String s = cells.get(c), fill = " ".repeat(Math.max(0, w[c] - s.length()));
            boolean left = c == 0 || !s.matches("[-+0-9.,%x±e ]+|nan|NaN|-");
            sb.append(c == 0 ? "" : "  ").append(left ? s + fill : fill + s);
        }
        sb.append('\n');
    }

    /** Fixed decimals; NaN (no such statistic) as "-", and no "-0.000" for tiny negative estimates. */
    public static String num(double v, int decimals) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.?0*") ? s.substring(1) : s;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) sb.append(i == 0 ? "---|" : "---:|");
        sb.append('\n');
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        return sb.toString();
    }

    String html() {
        StringBuilder sb = new StringBuilder("<table><tr>");
        for (String h : header) sb.append("<th>").append(escape(h)).append("</th>");
        sb.append("</tr>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td>").append(escape(c)).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }
}
