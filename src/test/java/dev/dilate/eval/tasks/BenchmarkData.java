package dev.dilate.eval.tasks;

import dev.dilate.eval.DataFiles;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The shared benchmark data folder for tests, which skip with a clear reason when it is absent. */
final class BenchmarkData {
    private BenchmarkData() {}

    static Path folder(String needed) {
        Path folder = DataFiles.defaultFolder();
        Assumptions.assumeTrue(Files.isRegularFile(folder.resolve(needed)),
                "benchmark data " + folder.resolve(needed) + " is absent (set DILATE_DATA or check out shared/data next to the project): skipping");
        return folder;
    }

    /** Element i + 1 for element i, the last for the first: every element moved, a derangement. */
    static <T> List<T> rotated(List<T> items) {
        List<T> out = new ArrayList<>(items.subList(1, items.size()));
        out.add(items.getFirst());
        return out;
    }

    /** SHA-256 of the UTF-8 text, to compare a long prompt with one rendered by the Python reference. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
