package io.pipekeeper.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pipekeeper.App;
import io.pipekeeper.access.ApiTokens;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.access.Role;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.markup.Markup;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * pipekeeper's HTTP server (Javalin on Jetty): the JSON API, the signed links of pages, and {@code /health}.
 * Every route is declared with who may call it ({@link Route}); API callers send {@code Authorization: Bearer
 * <token>}. Bad input answers 400 with {@code {"errors":{"field":["message"]}}}; nothing a client sends makes it
 * answer 500.
 */
public final class WebServer implements AutoCloseable {
    static final String REQUEST_ID = "request_id";
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final java.util.regex.Pattern REQUEST_ID_SHAPE = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Requests larger than this are refused (413) before they are read. */
    static final long MAX_REQUEST_BYTES = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin javalin;
    private final List<Route> routes;

    private WebServer(Javalin javalin, List<Route> routes) {
        this.javalin = javalin;
        this.routes = routes;
    }

    /** What the health check reads: when the background loops last finished a pass (empty: not run here, or not yet). */
    public interface Liveness {
        Optional<Instant> lastPass();
    }

    /** Starts the server on {@code bind}:{@code port} (0: any free port). */
    public static WebServer start(App app, String bind, int port, Liveness liveness, Supplier<Instant> clock) {
        ApiTokens tokens = new ApiTokens(app.store().jdbi());
        Sessions sessions = new Sessions(app.store().jdbi());
        Audit audit = new Audit(new AuditLog(app.store().jdbi()), app.signalStore(), clock);
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/health", Route.Access.PUBLIC, "Alive: the store answers and the loops run", ctx -> health(ctx, app, liveness, clock)).answers(200, Schemas.HEALTH));
        routes.add(Route.get("/ready", Route.Access.PUBLIC, "Ready for traffic: the store answers and its schema is current", ctx -> ready(ctx, app)).answers(200, Schemas.READY));
        routes.addAll(new ApiRoutes(app, audit, clock).routes());
        routes.addAll(new PipelineRoutes(app, audit, clock).routes());
        routes.addAll(new OnCallRoutes(app, audit, clock).routes());
        DashboardRoutes dashboard = new DashboardRoutes(app, audit, clock);
        routes.addAll(dashboard.routes());
        routes.addAll(new PostmortemRoutes(app, audit, clock, dashboard).routes());
        routes.addAll(new StatusRoutes(app, clock).routes());
        routes.addAll(new OnCallReportRoutes(app, clock, dashboard).routes());
        routes.addAll(new HookRoutes(app, audit, clock).routes());
        routes.addAll(new TwilioRoutes(app, audit, clock).routes());
        routes.addAll(new SlackRoutes(app, audit, clock).routes());
        routes.addAll(new CalendarRoutes(app, clock).routes());
        routes.addAll(new LinkRoutes(app, audit, clock).routes());
        StoreMetrics metrics = new StoreMetrics(app.store().jdbi(), liveness, clock, app.metrics());
        routes.add(Route.get("/metrics", Route.Access.VIEWER, "Prometheus metrics: runs, checks, incidents, pages, loop lag",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())).answers(200, "text/plain", Schemas.TEXT));
        routes.add(Route.get("/openapi.json", Route.Access.VIEWER, "This description of every route", ctx -> json(ctx, 200,
                OpenApi.of(routes, Optional.ofNullable(WebServer.class.getPackage().getImplementationVersion()).orElse("dev")))).answers(200, Schemas.ANY_OBJECT));
        Javalin javalin = Javalin.create(config -> {
            config.jetty.host = bind;
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            SecurityHeaders headers = new SecurityHeaders(app.catalog().baseUrl());
            config.routes.before(headers::before);
            config.routes.before(WebServer::requestId);
            config.routes.after(headers::after);
            config.routes.after(ctx -> MDC.remove(REQUEST_ID));
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), guarded(route, tokens, sessions, audit, clock));
            }
            config.routes.exception(HttpError.class, (e, ctx) -> {
                if (ctx.attribute(SESSION) != null || ctx.path().startsWith("/login")) {
                    ctx.status(e.status).html("<!doctype html><html><head><meta charset=\"utf-8\"><title>pipekeeper</title></head>"
                            + "<body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\"><h1>" + e.status + "</h1><p>"
                            + Markup.escape(e.getMessage()) + "</p><p><a href=\"/\">Back to the overview</a></p></body></html>");
                } else {
                    json(ctx, e.status, e.body);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, Map.of("error", "pipekeeper failed on this request; the server's log says why"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    json(ctx, 404, Map.of("error", "no route " + ctx.method() + " " + ctx.path()));
                }
            });
        });
        // Javalin logs an ERROR of its own when it cannot bind; trying the address first keeps our message the only one.
        if (port != 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(bind, port));
            } catch (IOException e) {
                throw cannotListen(bind, port, e);
            }
        }
        try {
            javalin.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException) {
                    throw cannotListen(bind, port, cause);
                }
            }
            throw e;
        }
        return new WebServer(javalin, List.copyOf(routes));
    }

    /**
     * Every request's id, in its log lines ({@code request_id}) and its response's {@code X-Request-Id}: the caller's
     * (a proxy's) when it sent a sensible one, else a new one.
     */
    private static void requestId(Context ctx) {
        String sent = ctx.header(REQUEST_ID_HEADER);
        String id = sent != null && REQUEST_ID_SHAPE.matcher(sent).matches()
                ? sent : Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        MDC.put(REQUEST_ID, id);
        ctx.header(REQUEST_ID_HEADER, id);
    }

    private static io.pipekeeper.PipekeeperException cannotListen(String bind, int port, Throwable cause) {
        return new io.pipekeeper.PipekeeperException("cannot listen on " + bind + ":" + port + " (" + cause.getMessage()
                + "); another process has it, or the address is not this machine's: choose --port or --bind");
    }

    /** The route behind its access check: a bearer token with enough role, a signed link, or nothing for public routes. */
    private static Handler guarded(Route route, ApiTokens tokens, Sessions sessions, Audit audit, Supplier<Instant> clock) {
        return ctx -> {
            try {
                Optional<Role> needed = route.access().role();
                if (route.access().page()) {
                    Optional<Sessions.Session> session = Optional.ofNullable(ctx.cookie(DashboardRoutes.SESSION_COOKIE))
                            .flatMap(token -> sessions.find(token, clock.get()));
                    if (session.isEmpty()) {
                        audit.denied(ctx, "no session");
                        ctx.redirect("/login", io.javalin.http.HttpStatus.FOUND);
                        return;
                    }
                    ctx.attribute(Audit.CALLER, session.get().person());
                    ctx.attribute(SESSION, session.get());
                    if (!session.get().role().includes(needed.orElseThrow())) {
                        throw HttpError.forbidden(session.get().person() + " is logged in as a " + session.get().role().text()
                                + "; this needs a " + needed.get().text());
                    }
                    if (route.method() == io.javalin.http.HandlerType.POST && !session.get().csrf().equals(ctx.formParam("csrf"))) {
                        throw HttpError.forbidden("this form is stale or did not come from pipekeeper; reload the page and try again");
                    }
                } else if (needed.isPresent()) {
                    ApiTokens.Caller caller = caller(ctx, tokens);
                    ctx.attribute(Audit.CALLER, caller.name());
                    if (!caller.role().includes(needed.get())) {
                        throw HttpError.forbidden("the token '" + caller.name() + "' is a " + caller.role().text() + "; this needs a "
                                + needed.get().text());
                    }
                    ctx.attribute(CALLER, caller);
                }
                route.handler().handle(ctx);
            } catch (HttpError e) {
                if (e.status == 401 || e.status == 403) {
                    audit.denied(ctx, e.getMessage());
                }
                throw e;
            }
        };
    }

    /** The logged-in person of a dashboard page (set by the access check). */
    static final String SESSION = "pipekeeper.session";

    /** The authenticated caller of an API route (set by the access check). */
    static final String CALLER = "pipekeeper.caller";

    private static ApiTokens.Caller caller(Context ctx, ApiTokens tokens) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw HttpError.unauthorized("send Authorization: Bearer <token>; 'pipekeeper token create' makes one");
        }
        return tokens.authenticate(header.substring("Bearer ".length()).strip()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return HttpError.unauthorized("unknown or revoked token");
        });
    }

    private static void health(Context ctx, App app, Liveness liveness, Supplier<Instant> clock) {
        Map<String, Object> json = new LinkedHashMap<>();
        boolean storeUp;
        try {
            storeUp = app.store().jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            storeUp = false;
        }
        Optional<Instant> lastPass = liveness.lastPass();
        boolean loopsAlive = lastPass.map(at -> Duration.between(at, clock.get()).compareTo(Duration.ofMinutes(1)) < 0).orElse(false);
        json.put("status", storeUp && loopsAlive ? "ok" : "degraded");
        json.put("store", storeUp ? "reachable" : "unreachable");
        json.put("loops", loopsAlive ? "alive" : lastPass.isEmpty() ? "not started" : "stalled");
        json.put("last_loop_pass", lastPass.map(Instant::toString).orElse(null));
        json(ctx, storeUp && loopsAlive ? 200 : 503, json);
    }

    /** Ready for traffic: the store answers and its schema is the one this version migrates to. */
    private static void ready(Context ctx, App app) {
        boolean reachable;
        try {
            reachable = app.store().jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            reachable = false;
        }
        boolean current = reachable && app.store().schemaCurrent();
        String store = reachable ? "reachable" : "unreachable";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", current ? "ready" : "not ready");
        json.put("store", store);
        json.put("schema", current ? "current" : store.equals("reachable") ? "not current: another version migrated it, or a migration failed" : "unknown");
        json(ctx, current ? 200 : 503, json);
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response of maps, lists, strings and numbers always writes as JSON", e);
        }
    }

    public int port() {
        return javalin.port();
    }

    /** Every route, for the tests that walk them. */
    List<Route> routes() {
        return routes;
    }

    /** Stops taking requests and finishes those in hand. */
    @Override
    public void close() {
        javalin.stop();
    }
}
