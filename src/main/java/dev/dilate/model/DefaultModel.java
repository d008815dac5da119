package dev.dilate.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model dilate ships (models/dilate-add.gguf in the repository, inside the jar at run time):
 * a small LLaDA-architecture MDLM that dilate trained itself, used wherever no model is named.
 */
public final class DefaultModel {
    private DefaultModel() {}

    /** How commands name it, e.g. {@code --model default}. */
    public static final String NAME = "default";
    /** The file inside the jar (and inside models/ in the repository). */
    public static final String FILE = "dilate-add.gguf";
    /**
     * The family its demo decodes: three-operand sums worked in two steps, the harder of the two
     * it was trained on (it solves two-operand "add" too).
     */
    public static final String FAMILY = "add3";

    private static Path extracted;

    /**
     * A file holding the model. Weights are memory-mapped from a file, so the jar's copy is
     * written once per process to a temporary file, which is removed at exit.
     */
    public static synchronized Path path() {
        if (extracted != null && Files.isRegularFile(extracted)) return extracted;
        try (InputStream in = DefaultModel.class.getResourceAsStream("/models/" + FILE)) {
            if (in == null) throw new IllegalStateException("the shipped model models/" + FILE + " is missing from this build; name a model with --model");
            Path tmp = Files.createTempFile("dilate-default-", ".gguf");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return extracted = tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shipped model to a temporary file: " + e.getMessage(), e);
        }
    }

    /** The path a --model value names: the shipped model for {@link #NAME}, the path itself otherwise. */
    public static Path resolve(String spec) {
        return spec.equals(NAME) ? path() : Path.of(spec);
    }
}
