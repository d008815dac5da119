package dev.dilate.server;

import com.google.gson.JsonObject;

/**
 * A request that cannot be served, as OpenAI reports it: an HTTP status and
 * {"error": {"message", "type", "param", "code"}}.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String type;
    final String param;
    final String code;

    private ApiError(int status, String type, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, "invalid_value", message);
    }

    static ApiError tooLong(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, "context_length_exceeded", message);
    }

    static ApiError queueFull(int queue) {
        return new ApiError(429, "rate_limit_error", null, "queue_full",
                "the server is busy: every slot is decoding and " + queue + " requests are already waiting; retry later");
    }

    static ApiError unavailable(String code, String message) {
        return new ApiError(503, "server_error", null, code, message);
    }

    static ApiError timeout(long seconds) {
        return new ApiError(504, "server_error", null, "timeout", "the request took longer than the server's limit of " + seconds + " s");
    }

    /** The client went away; nothing is sent, the status only labels it in the logs (nginx's 499). */
    static ApiError clientGone() {
        return new ApiError(499, "client_closed", null, "client_closed", "the client closed the connection");
    }

    static ApiError notFound(String path) {
        return new ApiError(404, "invalid_request_error", null, "not_found", "no such endpoint: " + path);
    }

    static ApiError unauthorized(boolean missing) {
        return new ApiError(401, "invalid_request_error", null, "invalid_api_key", missing
                ? "no API key given: send it as 'Authorization: Bearer KEY'" : "incorrect API key provided");
    }

    static ApiError modelNotFound(String id) {
        return new ApiError(404, "invalid_request_error", "model", "model_not_found", "the model '" + id + "' does not exist on this server");
    }

    static ApiError method(String method, String allowed) {
        return new ApiError(405, "invalid_request_error", null, "method_not_allowed", method + " is not allowed here; use " + allowed);
    }

    static ApiError internal(String message) {
        return new ApiError(500, "server_error", null, "internal_error", message);
    }

    JsonObject toJson() {
        JsonObject e = new JsonObject();
        e.addProperty("message", getMessage());
        e.addProperty("type", type);
        e.addProperty("param", param);
        e.addProperty("code", code);
        JsonObject o = new JsonObject();
        o.add("error", e);
        return o;
    }
}
