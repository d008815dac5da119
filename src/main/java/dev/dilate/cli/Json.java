package dev.dilate.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The one JSON writer of the CLI: pretty, and a number no statistic exists for (NaN, an
 * infinity) written as null, since JSON has no such numbers.
 */
final class Json {
    private Json() {}

    private static final TypeAdapter<Double> FINITE_OR_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) out.nullValue();
            else out.value(v);
        }

        @Override
        public Double read(JsonReader in) {
            throw new UnsupportedOperationException("the CLI's JSON is written, not read");
        }
    };

    /** Compact: one value per line (JSON lines). */
    static final Gson LINE = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL).create();
    static final Gson GSON = LINE.newBuilder().setPrettyPrinting().create();

    static String of(Object o) { return GSON.toJson(o); }

    static String line(Object o) { return LINE.toJson(o); }
}
