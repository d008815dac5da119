package dev.dilate.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The two models dilate ships (in models/ in the repository, inside the jar at run time), small
 * LLaDA-architecture MDLMs that dilate trained itself: an arithmetic specialist, used wherever no
 * model is named, and a model of English text, used for prompts in words.
 */
public final class ShippedModels {
    private ShippedModels() {}

    /** How commands name the arithmetic model, e.g. {@code --model default}. */
    public static final String NAME = "default";
    /** How commands name the English model: {@code --model text}. */
    public static final String TEXT = "text";
    /** The files inside the jar (and inside models/ in the repository). */
    public static final String FILE = "dilate-add.gguf", TEXT_FILE = "dilate-text.gguf";
    /**
     * The family the arithmetic model's demo decodes: three-operand sums worked in two steps, the
     * harder of the two it was trained on (it solves two-operand "add" too).
     */
    public static final String FAMILY = "add3";
    /** A word of two letters or more: the synthetic tasks' prompts name variables with one letter. */
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    private static final Map<String, Path> extracted = new HashMap<>();

    /** The arithmetic model's file. */
    public static Path path() { return path(NAME); }

    /**
     * A file holding the shipped model of that name. Weights are memory-mapped from a file, so the
     * jar's copy is written once per process to a temporary file, which is removed at exit.
     */
    public static synchronized Path path(String name) {
        String file = switch (name) {
            case NAME -> FILE;
            case TEXT -> TEXT_FILE;
            default -> throw new IllegalArgumentException("no shipped model is called '" + name + "' (they are " + NAME + " and " + TEXT + ")");
        };
        Path done = extracted.get(name);
        if (done != null && Files.isRegularFile(done)) return done;
        try (InputStream in = ShippedModels.class.getResourceAsStream("/models/" + file)) {
            if (in == null) throw new IllegalStateException("the shipped model models/" + file + " is missing from this build; name a model with --model");
            Path tmp = Files.createTempFile("dilate-" + name + "-", ".gguf");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            extracted.put(name, tmp);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shipped model to a temporary file: " + e.getMessage(), e);
        }
    }

    /** Whether a --model value names a shipped model rather than a file. */
    public static boolean isShipped(String spec) { return spec.equals(NAME) || spec.equals(TEXT); }

    /** The path a --model value names: a shipped model by its name, the path itself otherwise. */
    public static Path resolve(String spec) {
        return isShipped(spec) ? path(spec) : Path.of(spec);
    }

    /** The shipped model for a prompt when none is named: English goes to the text model, sums to the arithmetic one. */
    public static String forPrompt(String prompt) {
        return prompt != null && WORD.matcher(prompt).find() ? TEXT : NAME;
    }
}
