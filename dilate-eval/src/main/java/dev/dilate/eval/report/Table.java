package dev.dilate.eval.report;

import java.util.ArrayList;
import java.util.List;

/** A small table of text cells, rendered as Markdown or HTML here (and as plain text by the CLI). */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) { this.header = List.of(header); }

    void add(String... cells) { rows.add(List.of(cells)); }

    public List<String> header() { return header; }

    public List<List<String>> rows() { return rows; }

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
