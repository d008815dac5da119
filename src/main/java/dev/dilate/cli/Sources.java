package dev.dilate.cli;

import dev.dilate.oracle.MarkovSource;
import dev.dilate.oracle.MarkovSources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns the --source flag into a Markov source: builtin, random, a chain JSON file, or a text file. */
final class Sources {
    private Sources() {}

    static final String HELP = "builtin (characters of a built-in paragraph), random (--alphabet symbols, --mix), "
            + "a chain .json file, or a UTF-8 text file to estimate a character chain from";

    static MarkovSource build(String source, int order, double mix, int alphabet, long seed) {
        return switch (source) {
            case "builtin" -> MarkovSources.fromText(builtinText(), order, 0.1, "builtin text");
            case "random" -> MarkovSources.random(order, alphabet, mix, seed);
            default -> {
                Path p = Path.of(source);
                if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--source: no such file '" + source + "' (or use builtin / random)");
                yield source.endsWith(".json") ? MarkovSources.fromJson(p) : MarkovSources.fromText(p, order, 0.1);
            }
        };
    }

    static String builtinText() {
        try (InputStream in = Sources.class.getResourceAsStream("/dev/dilate/oracle/builtin.txt")) {
            if (in == null) throw new IllegalStateException("built-in text missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in text", e);
        }
    }

    /** Prompt text to symbol ids: one character per symbol, or whitespace-separated symbols when they are longer. */
    static int[] encode(MarkovSource chain, String text) {
        List<String> symbols = chain.symbols();
        boolean chars = symbols.stream().allMatch(s -> s.codePointCount(0, s.length()) == 1);
        List<String> parts = new ArrayList<>();
        if (chars) text.codePoints().forEach(c -> parts.add(Character.toString(c)));
        else for (String s : text.trim().split("\\s+")) if (!s.isEmpty()) parts.add(s);
        int[] ids = new int[parts.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = symbols.indexOf(parts.get(i));
            if (ids[i] < 0) throw new IllegalArgumentException("--prompt: '" + parts.get(i) + "' is not a symbol of this source (symbols: " + String.join("", symbols.size() <= 64 ? symbols : symbols.subList(0, 64)) + ")");
        }
        return ids;
    }
}
