package io.pipekeeper.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.pipekeeper.access.Role;
import java.util.Optional;

/**
 * One route of the server and who may call it. The server registers exactly the routes it is given, each behind
 * its access check, so that a test can walk them all and no route can be added without saying who may call it.
 *
 * @param summary what it does, in one line (for /openapi.json)
 * @param access who may call it: anyone ({@link Access#PUBLIC}), the holder of a signed link ({@link Access#LINK},
 *               the link is checked by the handler), an outside system with its integration's secret
 *               ({@link Access#HOOK}, checked by the handler), or a caller with at least a role
 */
record Route(HandlerType method, String path, Access access, String summary, Handler handler) {
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

    static Route get(String path, Access access, String summary, Handler handler) {
        return new Route(HandlerType.GET, path, access, summary, handler);
    }

    static Route post(String path, Access access, String summary, Handler handler) {
        return new Route(HandlerType.POST, path, access, summary, handler);
    }
}
