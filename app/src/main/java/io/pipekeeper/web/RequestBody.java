package io.pipekeeper.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** A JSON request body, read strictly: not JSON, not an object, or a field of the wrong type is a 400 that says which. */
final class RequestBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;

    private RequestBody(JsonNode node) {
        this.node = node;
    }

    static RequestBody of(String text) {
        if (text == null || text.isBlank()) {
            return new RequestBody(JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw HttpError.badRequest("body", "the body must be a JSON object, like {\"by\": \"john\"}");
            }
            return new RequestBody(node);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("body", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    String required(String field) {
        return optional(field).orElseThrow(() -> HttpError.badRequest(field, "required: a string"));
    }

    /** A number (an incident's), written as a JSON integer or as a string of digits. */
    long requiredId(String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return value.asLong();
        }
        String text = value == null || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
        if (!text.matches("[0-9]{1,18}")) {
            throw HttpError.badRequest(field, text.isEmpty() ? "required: an incident number" : "'" + text + "' is not an incident number");
        }
        return Long.parseLong(text);
    }

    Optional<String> optional(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw HttpError.badRequest(field, "must be a string, not " + value.getNodeType().name().toLowerCase());
        }
        return Optional.of(value.asText());
    }
}
