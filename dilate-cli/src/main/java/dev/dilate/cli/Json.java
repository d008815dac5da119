package dev.dilate.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;

/**
 * The one JSON writer of the CLI: pretty, and a number no statistic exists for (NaN, an
 * infinity) written as null, since JSON has no such numbers.
 */
final class Json {
    private Json() {}

    private static final JsonSerializer<Double> FINITE_OR_NULL =
            (v, type, context) -> v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);

    /** Compact: one value per line (JSON lines). */
    static final Gson LINE = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL).create();
    static final Gson GSON = LINE.newBuilder().setPrettyPrinting().create();

    static String of(Object o) { return GSON.toJson(o); }

    static String line(Object o) { return LINE.toJson(o); }
}
