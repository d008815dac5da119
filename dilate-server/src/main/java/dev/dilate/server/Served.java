package dev.dilate.server;

import dev.dilate.session.Subject;

/**
 * A model the server answers for: its id in /v1/models and in requests' {@code model} field, and
 * whether it is the one for prose (a request that names no served model goes to the prose model
 * when its prompt is in words, else to the first model served).
 */
public record Served(String id, Subject subject, boolean prose) {
    public Served {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a served model needs an id");
    }
}
