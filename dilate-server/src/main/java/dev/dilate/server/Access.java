package dev.dilate.server;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the API and from which web origins.
 *
 * @param apiKey     the Bearer key every /v1/ request must carry, or null for none (/health, the page
 *                   and /favicon.ico never need it)
 * @param corsOrigin the origin browsers may call from ("*" for any), or null for same-origin only
 */
public record Access(String apiKey, String corsOrigin) {
    public static final Access OPEN = new Access(null, null);

    public Access {
        if (apiKey != null && apiKey.isBlank()) throw new IllegalArgumentException("--api-key must not be empty");
        if (corsOrigin != null && corsOrigin.isBlank()) throw new IllegalArgumentException("--cors must name an origin or *");
    }

    /** Throws 401 when the path needs the key and the request does not carry it. */
    void check(HttpExchange ex, String path) {
        if (apiKey == null || !path.startsWith("/v1/")) return;
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        // A comparison that takes as long whatever the key, so timing tells nothing about it.
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8)))
            throw ApiError.unauthorized(given.isEmpty());
    }

    /** The CORS headers of every answer, and whether this request was a preflight (answered here, 204). */
    boolean cors(HttpExchange ex) throws java.io.IOException {
        if (corsOrigin == null) return false;
        var h = ex.getResponseHeaders();
        h.set("Access-Control-Allow-Origin", corsOrigin);
        if (!corsOrigin.equals("*")) h.set("Vary", "Origin");
        if (!ex.getRequestMethod().equals("OPTIONS")) return false;
        h.set("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS");
        h.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
        h.set("Access-Control-Max-Age", "600");
        ex.sendResponseHeaders(204, -1);
        return true;
    }
}
