package dev.dilate.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON writer of the CLI: pretty, NaN allowed (as a number no statistic exists for). */
final class Json {
    private Json() {}
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
    static String of(Object o) { return GSON.toJson(o); }
}
