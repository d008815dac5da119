package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.eval.DataFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The project's benchmark data folder for tests (data/, committed: a missing file is a failure, not a skip). */
final class BenchmarkData {
    private BenchmarkData() {}

    static Path folder(String needed) {
        Path folder = DataFiles.defaultFolder();
        if (!Files.isRegularFile(folder.resolve(needed)))
            throw new AssertionError("benchmark data " + folder.resolve(needed).toAbsolutePath() + " is missing (the project's data/ folder, or DILATE_DATA)");
        return folder;
    }

    /** The JSON lines of a test resource beside this class (hand-made answers with a reference harness's verdicts). */
    static List<JsonObject> resourceLines(String name) {
        try (var in = BenchmarkData.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
