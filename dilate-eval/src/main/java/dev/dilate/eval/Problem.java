package dev.dilate.eval;

import com.google.gson.JsonObject;

/** One problem of a task: a stable id and the record it was read from (fields as in the data file). */
public record Problem(String id, JsonObject record) {

    /** A string field of the record; a clear error when the data file lacks it. */
    public String field(String name) {
        if (!record.has(name) || record.get(name).isJsonNull())
            throw new IllegalArgumentException("problem " + id + " has no field '" + name + "'");
        return record.get(name).getAsString();
    }
}
