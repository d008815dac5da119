package dev.dilate.planner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A planner named on the command line: {@code name[:key=value,...][+spaced[:g0=N|gap=N]]},
 * for example {@code dus}, {@code eb:gamma=2}, {@code cb:tau=0.7+spaced:g0=8}.
 */
public record PlannerSpec(String name, Map<String, String> params, Map<String, String> spacing) {

    /**
     * Parses {@code name[:key=value,...][+spaced[:key=value,...]]}; names and keys are lower-cased,
     * values trimmed. Checks only the syntax: {@link Planners#create} checks names and keys.
     *
     * @throws IllegalArgumentException on an empty text, a missing name, more than one suffix or one
     *         other than {@code +spaced}, or a parameter that is not {@code key=value}
     */
    public static PlannerSpec parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty planner name");
        String[] parts = text.trim().split("\\+", -1);
        if (parts.length > 2) throw new IllegalArgumentException("planner '" + text + "': at most one '+spaced' suffix");
        String[] head = splitNameParams(parts[0], text);
        Map<String, String> spacing = null;
        if (parts.length == 2) {
            String[] tail = splitNameParams(parts[1], text);
            if (!tail[0].equals("spaced"))
                throw new IllegalArgumentException("planner '" + text + "': unknown suffix '+" + tail[0] + "' (only +spaced exists)");
            spacing = parseParams(tail[1], text);
        }
        return new PlannerSpec(head[0], parseParams(head[1], text), spacing);
    }

    /** True when the spec ends in {@code +spaced} (then {@code spacing} holds its parameters, else it is null). */
    public boolean spaced() { return spacing != null; }

    private static String[] splitNameParams(String part, String whole) {
        int colon = part.indexOf(':');
        String name = (colon < 0 ? part : part.substring(0, colon)).trim().toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty()) throw new IllegalArgumentException("planner '" + whole + "': missing name");
        return new String[] {name, colon < 0 ? "" : part.substring(colon + 1)};
    }

    private static Map<String, String> parseParams(String text, String whole) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isBlank()) return out;
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1)
                throw new IllegalArgumentException("planner '" + whole + "': expected key=value, got '" + kv + "'");
            out.put(kv.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), kv.substring(eq + 1).trim());
        }
        return out;
    }

    /** The spec in the syntax {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        appendParams(sb, params);
        if (spacing != null) { sb.append("+spaced"); appendParams(sb, spacing); }
        return sb.toString();
    }

    private static void appendParams(StringBuilder sb, Map<String, String> p) {
        if (p.isEmpty()) return;
        sb.append(':');
        sb.append(String.join(",", p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
}
