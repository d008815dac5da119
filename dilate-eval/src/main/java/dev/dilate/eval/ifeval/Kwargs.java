package dev.dilate.eval.ifeval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The keyword arguments of one instruction. Entries whose value is null are dropped, as lm-eval does,
 * because the Hugging Face copy of the data pads every dict with the keys of all instruction types.
 */
record Kwargs(JsonObject values) {

    Kwargs {
        JsonObject kept = new JsonObject();
        values.entrySet().forEach(e -> { if (!e.getValue().isJsonNull()) kept.add(e.getKey(), e.getValue()); });
        values = kept;
    }

    String string(String name) { return require(name).getAsString(); }

    int integer(String name) { return require(name).getAsInt(); }

    Relation relation(String name) { return Relation.of(string(name)); }

    List<String> strings(String name) {
        JsonElement e = require(name);
        if (!e.isJsonArray()) throw new IllegalArgumentException("instruction argument '" + name + "' is not a list: " + e);
        List<String> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        return out;
    }

    private JsonElement require(String name) {
        JsonElement e = values.get(name);
        if (e == null) throw new IllegalArgumentException("instruction argument '" + name + "' missing in " + values);
        return e;
    }
}
