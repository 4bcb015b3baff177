package io.pipekeeper.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 description of the server, made from its route table, so that it lists every route and nothing else. */
final class OpenApi {
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    private OpenApi() {
    }

    static Map<String, Object> of(List<Route> routes, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> path = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("summary", route.summary());
            operation.put("x-pipekeeper-access", route.access().name().toLowerCase(Locale.ROOT));
            operation.put("security", route.access().role().isPresent() ? List.of(Map.of("bearer", List.of())) : List.of());
            Matcher parameters = PARAMETER.matcher(route.path());
            List<Map<String, Object>> inPath = new java.util.ArrayList<>();
            while (parameters.find()) {
                inPath.add(Map.of("name", parameters.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            if (!inPath.isEmpty()) {
                operation.put("parameters", inPath);
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "done"));
            responses.put("400", Map.of("description", "bad input: {\"errors\": {\"field\": [\"message\"]}}"));
            if (route.access().role().isPresent()) {
                responses.put("401", Map.of("description", "no token, or an unknown or revoked one"));
                responses.put("403", Map.of("description", "the token's role or scope does not allow it"));
            }
            operation.put("responses", responses);
            path.put(route.method().name().toLowerCase(Locale.ROOT), operation);
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("openapi", "3.1.0");
        api.put("info", Map.of("title", "pipekeeper", "version", version));
        api.put("paths", paths);
        api.put("components", Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
                "description", "pipekeeper token create --name N --role viewer|responder|admin"))));
        return api;
    }
}
