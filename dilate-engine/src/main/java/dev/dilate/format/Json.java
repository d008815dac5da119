package dev.dilate.format;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;

/**
 * The project's one JSON setup: null members kept (OpenAI's shapes and results records name them),
 * no HTML escaping (prompts and code stay readable), and a number no statistic exists for (NaN,
 * an infinity) written as null, since JSON has no such numbers.
 */
public final class Json {
    private Json() {}

    private static final JsonSerializer<Double> FINITE_OR_NULL =
            (v, type, context) -> v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);

    /** Compact: one value per line (JSON lines, HTTP bodies, files). */
    public static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL).create();
    /** Indented, for people: the commands' --json output. */
    public static final Gson PRETTY = COMPACT.newBuilder().setPrettyPrinting().create();

    /** {@code o} as indented JSON ({@link #PRETTY}). */
    public static String of(Object o) { return PRETTY.toJson(o); }

    /** {@code o} as JSON on a single line ({@link #COMPACT}). */
    public static String line(Object o) { return COMPACT.toJson(o); }
}
