package dev.dilate.eval.tasks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fixed few-shot exemplars of the reference harnesses, kept as JSON resources next to this class. */
final class Exemplars {
    private Exemplars() {}

    static List<JsonObject> load(String resource) {
        try (InputStream in = Exemplars.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the build");
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray()
                    .asList().stream().map(JsonElement::getAsJsonObject).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
