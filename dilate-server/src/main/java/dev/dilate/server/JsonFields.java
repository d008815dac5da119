package dev.dilate.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed reads of a request's fields, each failing with a 400 that names the field and what was
 * expected. A field set to null counts as absent, as OpenAI's API treats it.
 */
final class JsonFields {
    private final JsonObject o;

    JsonFields(JsonObject o) { this.o = o; }

    boolean has(String name) { return o.has(name) && !o.get(name).isJsonNull(); }

    JsonElement get(String name) { return has(name) ? o.get(name) : null; }

    String string(String name, String fallback) {
        if (!has(name)) return fallback;
        if (o.get(name) instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        throw ApiError.invalid(name, "'" + name + "' must be a string, got " + o.get(name));
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) return fallback;
        if (o.get(name) instanceof JsonPrimitive p && p.isBoolean()) return p.getAsBoolean();
        throw ApiError.invalid(name, "'" + name + "' must be true or false, got " + o.get(name));
    }

    double number(String name, double fallback) {
        if (!has(name)) return fallback;
        if (o.get(name) instanceof JsonPrimitive p && p.isNumber() && Double.isFinite(p.getAsDouble())) return p.getAsDouble();
        throw ApiError.invalid(name, "'" + name + "' must be a number, got " + o.get(name));
    }

    long integer(String name, long fallback) {
        if (!has(name)) return fallback;
        double v = number(name, fallback);
        if (v != Math.rint(v) || Math.abs(v) > 1L << 53) throw ApiError.invalid(name, "'" + name + "' must be an integer, got " + o.get(name));
        return (long) v;
    }

    /** An integer in [min, max]. */
    int integer(String name, int fallback, int min, int max) {
        long v = integer(name, fallback);
        if (v < min || v > max) throw ApiError.invalid(name, "'" + name + "' must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    JsonFields object(String name) {
        if (!has(name)) return new JsonFields(new JsonObject());
        if (o.get(name).isJsonObject()) return new JsonFields(o.get(name).getAsJsonObject());
        throw ApiError.invalid(name, "'" + name + "' must be an object, got " + o.get(name));
    }
}
