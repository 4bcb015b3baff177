package io.pipekeeper.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.pipekeeper.access.Role;
import java.util.Map;
import java.util.Optional;

/**
 * One route of the server and who may call it. The server registers exactly the routes it is given, each behind
 * its access check, so that a test can walk them all and no route can be added without saying who may call it.
 *
 * @param summary what it does, in one line (for /openapi.json)
 * @param access who may call it: anyone ({@link Access#PUBLIC}), the holder of a signed link ({@link Access#LINK},
 *               the link is checked by the handler), an outside system with its integration's secret
 *               ({@link Access#HOOK}, checked by the handler), or a caller with at least a role
 * @param doc    what it takes and answers, for /openapi.json; a default by its method and access unless a route says more
 */
record Route(HandlerType method, String path, Access access, String summary, Handler handler, Doc doc) {
    /** Who may call a route: API routes take a bearer token, dashboard pages ({@code PAGE_…}) a session cookie. */
    enum Access {
        PUBLIC, LINK, HOOK, VIEWER, RESPONDER, ADMIN, PAGE_VIEWER, PAGE_RESPONDER;

        /** The least role the caller needs; empty when anyone may call. */
        Optional<Role> role() {
            return switch (this) {
                case PUBLIC, LINK, HOOK -> Optional.empty();
                case VIEWER, PAGE_VIEWER -> Optional.of(Role.VIEWER);
                case RESPONDER, PAGE_RESPONDER -> Optional.of(Role.RESPONDER);
                case ADMIN -> Optional.of(Role.ADMIN);
            };
        }

        /** A dashboard page: the caller is a logged-in person (cookie), and a form needs its CSRF token. */
        boolean page() {
            return this == PAGE_VIEWER || this == PAGE_RESPONDER;
        }
    }

    /**
     * What a route takes and answers, as JSON Schemas (OpenAPI 3.1's dialect).
     *
     * @param request      the body's media type and schema; empty for none
     * @param status       the answer's status when it works
     * @param responseType the answer's media type (empty for none: a redirect, 204)
     * @param response     the answer's schema
     */
    record Doc(Optional<Body> request, int status, String responseType, Map<String, Object> response) {
        record Body(String type, Map<String, Object> schema) {
        }

        static Doc of(HandlerType method, Access access) {
            boolean post = method == HandlerType.POST;
            if (access.page()) {
                return post ? new Doc(Optional.of(new Body("application/x-www-form-urlencoded", Schemas.FORM)), 303, "", Map.of())
                        : new Doc(Optional.empty(), 200, "text/html", Schemas.TEXT);
            }
            if (access == Access.LINK) {
                return new Doc(Optional.empty(), 200, "text/html", Schemas.TEXT);
            }
            return new Doc(post ? Optional.of(new Body("application/json", Schemas.ANY_OBJECT)) : Optional.empty(), 200, "application/json",
                    Schemas.ANY_OBJECT);
        }
    }

    /** A route whose doc is the default for its method and access. */
    Route(HandlerType method, String path, Access access, String summary, Handler handler) {
        this(method, path, access, summary, handler, Doc.of(method, access));
    }

    static Route get(String path, Access access, String summary, Handler handler) {
        return new Route(HandlerType.GET, path, access, summary, handler);
    }

    static Route post(String path, Access access, String summary, Handler handler) {
        return new Route(HandlerType.POST, path, access, summary, handler);
    }

    /** This route taking a JSON body of {@code schema}. */
    Route takes(Map<String, Object> schema) {
        return takes("application/json", schema);
    }

    /** This route taking a body of {@code type} and {@code schema}. */
    Route takes(String type, Map<String, Object> schema) {
        return new Route(method, path, access, summary, handler, new Doc(Optional.of(new Doc.Body(type, schema)), doc.status(), doc.responseType(), doc.response()));
    }

    /** This route answering {@code status} with JSON of {@code schema}. */
    Route answers(int status, Map<String, Object> schema) {
        return answers(status, "application/json", schema);
    }

    /** This route answering {@code status} with a body of {@code type} and {@code schema} (no body when type is empty). */
    Route answers(int status, String type, Map<String, Object> schema) {
        return new Route(method, path, access, summary, handler, new Doc(doc.request(), status, type, schema));
    }
}
