package io.pipekeeper.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of the server, made from its route table, so that it lists every route and nothing else:
 * what each takes and answers, who may call it (a bearer token or the dashboard's session cookie, with the least role
 * as the requirement's role; {@code x-pipekeeper-access} says which of pipekeeper's kinds of access), and its errors.
 */
final class OpenApi {
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");
    static final String SESSION_COOKIE = "pk_session";

    private OpenApi() {
    }

    static Map<String, Object> of(List<Route> routes, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> path = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            path.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("openapi", "3.1.0");
        api.put("info", Map.of("title", "pipekeeper", "version", version,
                "description", "pipekeeper's HTTP API, dashboard and hooks; docs/api.md tells the story."));
        api.put("paths", paths);
        api.put("components", Map.of(
                "schemas", Map.of("Errors", Schemas.ERRORS, "Error", Schemas.ERROR),
                "securitySchemes", Map.of(
                        "bearer", Map.of("type", "http", "scheme", "bearer",
                                "description", "An API token: pipekeeper token create --name N --role viewer|responder|admin [--scope investors]."
                                        + " A route's requirement names the least role it needs."),
                        "session", Map.of("type", "apiKey", "in", "cookie", "name", SESSION_COOKIE,
                                "description", "The dashboard's session, from a one-time login link (pipekeeper login --person NAME); forms"
                                        + " also carry the session's CSRF token."))));
        return api;
    }

    private static Map<String, Object> operation(Route route) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", operationId(route));
        operation.put("summary", route.summary());
        operation.put("x-pipekeeper-access", route.access().name().toLowerCase(Locale.ROOT));
        String role = route.access().role().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null);
        operation.put("security", role == null ? List.of() : List.of(Map.of(route.access().page() ? "session" : "bearer", List.of(role))));
        Matcher parameters = PARAMETER.matcher(route.path());
        List<Map<String, Object>> inPath = new ArrayList<>();
        while (parameters.find()) {
            inPath.add(Map.of("name", parameters.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (!inPath.isEmpty()) {
            operation.put("parameters", inPath);
        }
        Route.Doc doc = route.doc();
        doc.request().ifPresent(body -> operation.put("requestBody", Map.of("required", true,
                "content", Map.of(body.type(), Map.of("schema", body.schema())))));
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("description", doc.status() == 303 ? "done; the browser is sent back to the page" : "done");
        if (!doc.responseType().isEmpty()) {
            done.put("content", Map.of(doc.responseType(), Map.of("schema", doc.response())));
        }
        responses.put(Integer.toString(doc.status()), done);
        responses.put("400", Map.of("description", "bad input: each field's problems, in words that say what to write",
                "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Errors")))));
        if (role != null) {
            responses.put("401", Map.of("description", route.access().page() ? "no session: the browser is sent to /login"
                    : "no token, or an unknown or revoked one"));
            responses.put("403", Map.of("description", "the role or scope does not allow it",
                    "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
        }
        if (route.path().contains("{")) {
            responses.put("404", Map.of("description", "no such " + route.path().replaceAll(".*\\{(\\w+)}.*", "$1")));
        }
        operation.put("responses", responses);
        return operation;
    }

    /** A name for generated clients: the method and the path's words ({@code post /api/incidents/{id}/ack} is {@code postApiIncidentsIdAck}). */
    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
        for (String word : route.path().split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }
}
