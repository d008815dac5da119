package dev.dilate.oracle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Ways to obtain a {@link MarkovSource}: random with a mixing rate, a JSON file, or counts from a text. */
public final class MarkovSources {
    private MarkovSources() {}

    /**
     * A random chain whose rows mix a deterministic successor with a random distribution:
     * row(ctx) = (1 - mix) onehot(f(ctx)) + mix Dirichlet(1). Small {@code mix} gives a nearly
     * deterministic, slowly mixing chain (long-range dependence); mix = 1 a fast-mixing one.
     */
    public static MarkovSource random(int order, int alphabet, double mix, long seed) {
        if (!(mix > 0 && mix <= 1)) throw new IllegalArgumentException("mixing rate must be in (0, 1], got " + mix);
        if (alphabet < 2 || alphabet > 26) throw new IllegalArgumentException("random chains use 2..26 symbols, got " + alphabet);
        SplittableRandom rng = new SplittableRandom(seed);
        int states = MarkovSource.pow(alphabet, order);
        double[][] t = new double[states][alphabet];
        for (int z = 0; z < states; z++) {
            double sum = 0;
            double[] d = new double[alphabet];
            for (int v = 0; v < alphabet; v++) sum += d[v] = -Math.log(1 - rng.nextDouble());
            int successor = rng.nextInt(alphabet);
            for (int v = 0; v < alphabet; v++) t[z][v] = mix * d[v] / sum + (v == successor ? 1 - mix : 0);
        }
        List<String> symbols = new ArrayList<>();
        for (int v = 0; v < alphabet; v++) symbols.add(String.valueOf((char) ('a' + v)));
        return new MarkovSource(order, symbols, t, null);
    }

    /**
     * Reads {@code {"order": k, "alphabet": ["a", ...], "transitions": [[...], ...], "initial": [...]}}:
     * V^k rows in context order (oldest symbol most significant), each V probabilities summing to 1;
     * "initial" (optional) is the law of the first k symbols, V^k entries; default stationary.
     */
    public static MarkovSource fromJson(Path file) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) throw new IllegalArgumentException(file + ": expected a JSON object at the top level");
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read chain file: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            int order = field(o, "order", file).getAsInt();
            List<String> symbols = new ArrayList<>();
            for (JsonElement s : array(o, "alphabet", file)) symbols.add(s.getAsString());
            if (new TreeSet<>(symbols).size() != symbols.size()) throw new IllegalArgumentException(file + ": alphabet has repeated symbols");
            JsonArray rows = array(o, "transitions", file);
            double[][] t = new double[rows.size()][];
            for (int z = 0; z < rows.size(); z++) t[z] = numbers(rows.get(z), file + ": transitions[" + z + "]");
            double[] initial = o.has("initial") ? numbers(o.get("initial"), file + ": initial") : null;
            return new MarkovSource(order, symbols, t, initial);
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(file + ": malformed chain: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #named} accepts, for help texts. */
    public static final String NAMES_HELP = "builtin (characters of a built-in paragraph), random (--alphabet symbols, --mix), "
            + "a chain .json file, or a UTF-8 text file to estimate a character chain from";

    /**
     * A source by name, the one way commands spell one: {@code builtin}, {@code random} (with the
     * given order, alphabet, mixing rate and seed), a chain JSON file, or a text file to estimate a
     * character chain of that order from.
     */
    public static MarkovSource named(String name, int order, double mix, int alphabet, long seed) {
        return switch (name) {
            case "builtin" -> builtin(order);
            case "random" -> random(order, alphabet, mix, seed);
            default -> {
                Path p = Path.of(name);
                if (!Files.isRegularFile(p)) throw new IllegalArgumentException("no such file '" + name + "' (or use builtin / random)");
                yield name.endsWith(".json") ? fromJson(p) : fromText(p, order, 0.1);
            }
        };
    }

    /** The character chain of order k estimated from the built-in paragraph (the demo's source). */
    public static MarkovSource builtin(int order) {
        try (java.io.InputStream in = MarkovSources.class.getResourceAsStream("/dev/dilate/oracle/builtin.txt")) {
            if (in == null) throw new IllegalStateException("built-in text missing from the jar");
            return fromText(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' '), order, 0.1, "builtin text");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in text", e);
        }
    }

    /**
     * Estimates an order-k chain over the characters of a UTF-8 text file, with add-{@code alpha}
     * smoothing so every transition stays possible.
     */
    public static MarkovSource fromText(Path file, int order, double alpha) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read text file: " + e.getMessage(), e);
        }
        return fromText(text, order, alpha, file.toString());
    }

    /**
     * Estimates an order-k chain over the characters (code points) of {@code text}, with add-{@code alpha}
     * smoothing; the symbols are its distinct characters in code-point order, and {@code name} labels
     * the errors.
     *
     * @throws IllegalArgumentException if alpha is not positive, the text has at most k characters or
     *         fewer than 2 distinct ones, or V^(k+1) exceeds 2^24
     */
    public static MarkovSource fromText(String text, int order, double alpha, String name) {
        if (!(alpha > 0)) throw new IllegalArgumentException("smoothing alpha must be > 0, got " + alpha);
        int[] cps = text.codePoints().toArray();
        if (cps.length <= order) throw new IllegalArgumentException(name + ": text has " + cps.length + " characters, too few for an order-" + order + " chain");
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int c : cps) distinct.add(c);
        List<Integer> alphabet = new ArrayList<>(distinct);
        if (alphabet.size() < 2) throw new IllegalArgumentException(name + ": text uses fewer than 2 distinct characters");
        if (Math.pow(alphabet.size(), order + 1) > (1 << 24))
            throw new IllegalArgumentException(name + ": " + alphabet.size() + " distinct characters are too many for order " + order + "; use a lower order or a smaller text");
        int v = alphabet.size(), states = MarkovSource.pow(v, order);
        double[][] counts = new double[states][v];
        for (double[] row : counts) java.util.Arrays.fill(row, alpha);
        int z = 0;
        for (int i = 0; i < cps.length; i++) {
            int s = alphabet.indexOf(cps[i]);
            if (i >= order) counts[z][s]++;
            z = (z % (states / v)) * v + s;
        }
        for (double[] row : counts) {
            double sum = 0;
            for (double c : row) sum += c;
            for (int s = 0; s < v; s++) row[s] /= sum;
        }
        List<String> symbols = alphabet.stream().map(Character::toString).toList();
        return new MarkovSource(order, symbols, counts, null);
    }

    private static JsonElement field(JsonObject o, String name, Path file) {
        if (!o.has(name) || o.get(name).isJsonNull()) throw new IllegalArgumentException(file + ": missing field \"" + name + "\"");
        return o.get(name);
    }

    private static JsonArray array(JsonObject o, String name, Path file) {
        JsonElement e = field(o, name, file);
        if (!e.isJsonArray()) throw new IllegalArgumentException(file + ": field \"" + name + "\" must be an array");
        return e.getAsJsonArray();
    }

    private static double[] numbers(JsonElement e, String where) {
        if (!e.isJsonArray()) throw new IllegalArgumentException(where + " must be an array of numbers");
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException(where + "[" + i + "] is not a number");
            out[i] = x.getAsDouble();
        }
        return out;
    }
}
