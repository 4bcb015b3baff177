package io.pipekeeper.web;

import java.util.List;
import java.util.Map;

/**
 * A request the server answers with an error it can explain: bad input (400, with the field and what is wrong
 * with it), an unknown caller (401), a forbidden one (403), nothing by that id (404), a conflict (409).
 */
final class HttpError extends RuntimeException {
    final int status;
    final Map<String, Object> body;

    private HttpError(int status, String message, Map<String, Object> body) {
        super(message, null, false, false);
        this.status = status;
        this.body = body;
    }

    static HttpError badRequest(String field, String message) {
        return new HttpError(400, message, Map.of("errors", Map.of(field, List.of(message))));
    }

    static HttpError unauthorized(String message) {
        return new HttpError(401, message, Map.of("error", message));
    }

    static HttpError forbidden(String message) {
        return new HttpError(403, message, Map.of("error", message));
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message, Map.of("error", message));
    }

    static HttpError conflict(String message) {
        return new HttpError(409, message, Map.of("error", message));
    }
}
