package dev.dilate.eval.ifeval;

import java.util.Arrays;
import java.util.List;

/**
 * The responses loose scoring tries: the response, without its first line, without its last line,
 * without both (these three stripped), and the same four with every "*" removed. An instruction passes
 * loosely when it passes on any that is not blank; this forgives a preamble, a sign-off and markdown bold.
 */
final class LooseVariants {
    private LooseVariants() {}

    static List<String> of(String response) {
        String[] lines = response.split("\n", -1);
        String noFirst = PyText.strip(join(lines, 1, lines.length));
        String noLast = PyText.strip(join(lines, 0, lines.length - 1));
        String noBoth = PyText.strip(join(lines, 1, lines.length - 1));
        return List.of(response, response.replace("*", ""), noFirst, noLast, noBoth,
                noFirst.replace("*", ""), noLast.replace("*", ""), noBoth.replace("*", ""));
    }

    // Python's "\n".join(lines[from:to]): an empty range when to <= from.
    private static String join(String[] lines, int from, int to) {
        return to <= from ? "" : String.join("\n", Arrays.asList(lines).subList(from, to));
    }
}
