package dev.dilate.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Where benchmark data files live and how they are read. The folder is {@code --data}, else the
 * {@code DILATE_DATA} environment variable, else the project's own {@code data/} (the launcher
 * names it with -Ddilate.data; from the project folder it is simply {@code data}). The files are
 * the standard releases, read as they are (JSONL, gzipped or not); data/README.md gives their
 * sources, licences and checksums.
 */
public final class DataFiles {
    private DataFiles() {}

    /** The data folder to use when none is given. */
    public static Path defaultFolder() {
        String env = System.getenv("DILATE_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("dilate.data", "data"));
    }

    /** The file {@code relative} under {@code folder}; a clear error naming the file and where to get it when absent. */
    public static Path require(Path folder, String relative, String source) {
        Path file = folder.resolve(relative);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("data file " + file + " not found: put " + relative + " from " + source
                    + " under the data folder (--data DIR or DILATE_DATA)");
        return file;
    }

    /** Every line of a JSONL file (gzipped when the name ends in .gz) as a JSON object. */
    public static List<JsonObject> jsonl(Path file) {
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader r = reader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                try {
                    out.add(JsonParser.parseString(line).getAsJsonObject());
                } catch (JsonParseException | IllegalStateException e) {
                    throw new IllegalArgumentException(file + ": line " + n + " is not a JSON object: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every line of a text file (gzipped when the name ends in .gz). */
    public static List<String> lines(Path file) {
        try (BufferedReader r = reader(file)) {
            return r.lines().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException notGzip) {
            raw.close();
            throw notGzip;
        }
    }
}
