package io.pipekeeper.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of what routes take and answer, for /openapi.json (OpenAPI 3.1, JSON Schema 2020-12). */
final class Schemas {
    static final Map<String, Object> TEXT = Map.of("type", "string");
    static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");
    static final Map<String, Object> STRING = Map.of("type", "string");
    static final Map<String, Object> INTEGER = Map.of("type", "integer");
    static final Map<String, Object> PERSON = Map.of("type", "string", "description", "a person's id in team.people");
    static final Map<String, Object> DURATION = Map.of("type", "string", "pattern", "^[0-9]+[smhdw]$", "description", "e.g. 30m, 2h, 1d");
    static final Map<String, Object> DATE = Map.of("type", "string", "format", "date");
    static final Map<String, Object> DATE_TIME = Map.of("type", "string", "description", "ISO 8601, e.g. 2026-12-03T09:00 (the team's zone) or with an offset");
    /** A dashboard form: its fields, and the session's CSRF token. */
    static final Map<String, Object> FORM = open(List.of("csrf"), "csrf", STRING);
    /** Bad input: every field's problems, each a sentence that says what to write instead. */
    static final Map<String, Object> ERRORS = object(List.of("errors"), "errors",
            Map.of("type", "object", "additionalProperties", Map.of("type", "array", "items", STRING)));
    static final Map<String, Object> ERROR = object(List.of("error"), "error", STRING);

    static final Map<String, Object> BY = object(List.of("by"), "by", PERSON);
    static final Map<String, Object> RESOLVE = object(List.of("by"), "by", PERSON, "note", STRING);
    static final Map<String, Object> SEVERITY = object(List.of("severity", "by", "reason"), "severity", STRING, "by", PERSON, "reason", STRING);
    static final Map<String, Object> MERGE = object(List.of("from", "by"), "from", INTEGER, "by", PERSON);
    static final Map<String, Object> SPLIT = object(List.of("subject", "by"), "subject", STRING, "by", PERSON);
    static final Map<String, Object> SNOOZE = object(List.of("by", "for"), "by", PERSON, "for", DURATION);
    static final Map<String, Object> MAINTENANCE = object(List.of("scope", "for", "by"), "scope",
            Map.of("type", "string", "description", "a pipeline, a source, or all"), "for", DURATION, "reason", STRING, "by", PERSON);
    static final Map<String, Object> MAINTENANCE_END = object(List.of("scope", "by"), "scope", STRING, "by", PERSON);
    static final Map<String, Object> OVERRIDE = object(List.of("role", "person", "from", "to", "by"), "role", Map.of("enum", List.of("primary", "secondary")),
            "person", PERSON, "from", DATE_TIME, "to", DATE_TIME, "reason", STRING, "by", PERSON);
    static final Map<String, Object> TIME_OFF = object(List.of("person", "from", "to", "by"), "person", PERSON, "from", DATE, "to", DATE,
            "reason", STRING, "by", PERSON);
    static final Map<String, Object> SWAP = object(List.of("turn", "role", "person", "by"), "turn", INTEGER, "role", Map.of("enum", List.of("primary", "secondary")),
            "person", PERSON, "reason", STRING, "by", PERSON);
    static final Map<String, Object> RUN_REQUEST = object(List.of(), "date", DATE, "from", DATE, "to", DATE, "pipeline", STRING);
    static final Map<String, Object> CREATED = object(List.of("id"), "id", INTEGER);

    static final Map<String, Object> INCIDENT = open(List.of("id", "title", "severity", "status", "subject"), "id", INTEGER, "title", STRING,
            "severity", STRING, "status", Map.of("enum", List.of("triggered", "acknowledged", "resolved")), "subject", STRING);
    static final Map<String, Object> INCIDENTS = object(List.of("incidents"), "incidents", Map.of("type", "array", "items", INCIDENT));
    static final Map<String, Object> ON_CALL = open(List.of("primary", "secondary"), "primary", PERSON, "secondary", PERSON);
    static final Map<String, Object> HEALTH = open(List.of("status", "store", "loops"), "status", Map.of("enum", List.of("ok", "degraded")),
            "store", STRING, "loops", STRING, "last_loop_pass", Map.of("type", List.of("string", "null")));
    static final Map<String, Object> READY = object(List.of("status", "store", "schema"), "status", Map.of("enum", List.of("ready", "not ready")),
            "store", STRING, "schema", STRING);

    private Schemas() {
    }

    /** An object with these properties (name, schema, name, schema, …), of which {@code required} must be there, and no others. */
    static Map<String, Object> object(List<String> required, Object... properties) {
        Map<String, Object> schema = open(required, properties);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** An object with at least these properties; it may carry more. */
    static Map<String, Object> open(List<String> required, Object... properties) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            named.put((String) properties[i], properties[i + 1]);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", named);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }
}
