package io.pipekeeper.web;

import io.pipekeeper.signal.Kind;
import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.access.ApiTokens;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.oncall.OnCallJson;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.pipeline.CronTimes;
import io.pipekeeper.pipeline.MetricValues;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunJson;
import io.pipekeeper.signal.Signal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The API of what pipekeeper watches: pipelines, runs (and starting them), signals, check results, the on-call schedule, metric values. */
final class PipelineRoutes {
    /** A run request covers at most this many days; a longer backfill is `pipekeeper backfill`. */
    static final int MAX_RUN_DAYS = 31;

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    PipelineRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/pipelines", Route.Access.VIEWER, "Every pipeline with its owners, schedule, last run and open incidents", this::pipelines),
                Route.get("/api/runs", Route.Access.VIEWER, "Runs: ?pipeline=&from=&to= (days; default the last 7)", this::runs),
                Route.post("/api/runs", Route.Access.RESPONDER, "Run now: {\"date\"} or {\"from\", \"to\"} (at most 31 days), optionally {\"pipeline\"}", this::startRuns).takes(Schemas.RUN_REQUEST),
                Route.get("/api/signals", Route.Access.VIEWER, "Signals: ?from=&to= (default the last 7 days), &kind=, &subject=, "
                        + "&limit= (default " + SIGNALS_LIMIT + ", at most " + SIGNALS_MAX + ")", this::signals),
                Route.get("/api/checks", Route.Access.VIEWER, "Check results of a day: ?date=&subject=", this::checks),
                Route.get("/api/oncall/schedule", Route.Access.VIEWER, "Who is on call when: ?from=&to= (default the next 28 days)", this::schedule),
                Route.get("/api/runbooks/{pipeline}", Route.Access.VIEWER, "A pipeline's runbook, as CommonMark (text/markdown)",
                        this::runbook).answers(200, "text/markdown", Schemas.TEXT),
                Route.get("/api/metrics/{pipeline}", Route.Access.VIEWER, "Published metric values: ?from=&to=; investor-facing pipelines need the investors scope", this::metrics));
    }

    private ZoneId zone() {
        return app.catalog().team().timezone();
    }

    private LocalDate today() {
        return clock.get().atZone(zone()).toLocalDate();
    }

    private void pipelines(Context ctx) {
        List<Incident> open = app.incidentStore().list(true);
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (Pipeline pipeline : app.catalog().pipelines().values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", pipeline.id());
            json.put("name", pipeline.name());
            json.put("area", pipeline.area());
            json.put("audience", pipeline.audience());
            json.put("purpose", pipeline.purpose());
            json.put("owners", Map.of("primary", pipeline.owners().primary(), "secondary", pipeline.owners().secondary()));
            json.put("cron", pipeline.schedule().cronText());
            json.put("deadline", pipeline.schedule().deadline().map(Object::toString).orElse(null));
            json.put("next_run", new CronTimes(pipeline.schedule().cron(), app.catalog().team().timezone()).next(clock.get())
                    .map(Instant::toString).orElse(null));
            Optional<Run> last = app.runStore().runs(Optional.of(pipeline.id()), Optional.empty(), Optional.empty()).stream()
                    .reduce((first, second) -> second);
            json.put("last_run", last.map(RunJson::of).orElse(null));
            json.put("open_incidents", open.stream().filter(i -> i.subject().equals(pipeline.id())).count());
            pipelines.add(json);
        }
        WebServer.json(ctx, 200, Map.of("pipelines", pipelines));
    }

    private void runs(Context ctx) {
        Optional<String> pipeline = Optional.ofNullable(ctx.queryParam("pipeline")).map(this::pipeline);
        LocalDate to = Params.date(ctx, "to", today());
        LocalDate from = Params.date(ctx, "from", to.minusDays(6));
        Params.range("from", from, to, 366);
        WebServer.json(ctx, 200, Map.of("runs", app.runStore().runs(pipeline, Optional.of(from), Optional.of(to)).stream()
                .map(RunJson::of).toList()));
    }

    /** {"date": D} or {"from": D, "to": D}, with an optional "pipeline" (and what it needs); runs now, then answers with the runs. */
    private void startRuns(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        List<String> requested = body.optional("pipeline").map(this::pipeline).map(List::of).orElse(List.of());
        LocalDate from;
        LocalDate to;
        Optional<String> date = body.optional("date");
        if (date.isPresent()) {
            from = Params.date("date", date.get());
            to = from;
        } else {
            from = Params.date("from", body.optional("from").orElseThrow(() -> HttpError.badRequest("date", "required: a day, or from and to")));
            to = Params.date("to", body.required("to"));
        }
        Params.range("from", from, to, MAX_RUN_DAYS);
        List<Run> runs = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            runs.addAll(app.pipelineRunner().run(requested, day));
        }
        app.incidentLoop().runOnce(clock.get());
        app.deliveryLoop().runOnce(clock.get());
        audit.done(ctx, "run", requested.isEmpty() ? "every pipeline" : requested.get(0), from + (to.equals(from) ? "" : " to " + to));
        WebServer.json(ctx, 200, Map.of("runs", runs.stream().map(RunJson::of).toList()));
    }

    private void signals(Context ctx) {
        Instant to = Params.instant(ctx, "to", zone(), clock.get().plusSeconds(1));
        Instant from = Params.instant(ctx, "from", zone(), to.minus(java.time.Duration.ofDays(7)));
        if (to.isBefore(from)) {
            throw HttpError.badRequest("to", "'" + to + "' is before from ('" + from + "')");
        }
        String limitText = Optional.ofNullable(ctx.queryParam("limit")).orElse(String.valueOf(SIGNALS_LIMIT));
        int limit = limitText.matches("[0-9]{1,6}") ? Integer.parseInt(limitText) : -1;
        if (limit < 1 || limit > SIGNALS_MAX) {
            throw HttpError.badRequest("limit", "'" + limitText + "' is not a number from 1 to " + SIGNALS_MAX);
        }
        List<Map<String, Object>> signals = new ArrayList<>();
        // One more than asked tells whether there were more.
        Optional<Kind> kind = Optional.ofNullable(ctx.queryParam("kind")).map(text -> Kind.parse(text).orElseThrow(() -> HttpError.badRequest(
                "kind", "'" + text + "' is not a signal kind; one of " + java.util.Arrays.stream(Kind.values()).map(Kind::text).toList())));
        List<Signal> found = app.signalStore().between(from, to, kind,
                Optional.ofNullable(ctx.queryParam("subject")), limit + 1);
        for (Signal signal : found.subList(0, Math.min(limit, found.size()))) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", signal.id());
            json.put("kind", signal.kind().text());
            json.put("subject", signal.subject());
            json.put("run_date", signal.date().map(Object::toString).orElse(null));
            json.put("detail", signal.detail());
            json.put("created_at", signal.createdAt().toString());
            signals.add(json);
        }
        WebServer.json(ctx, 200, Map.of("signals", signals, "truncated", found.size() > limit));
    }

    static final int SIGNALS_LIMIT = 1000;
    static final int SIGNALS_MAX = 10_000;

    private void checks(Context ctx) {
        LocalDate date = Params.date(ctx, "date", today().minusDays(1));
        Optional<String> subject = Optional.ofNullable(ctx.queryParam("subject"));
        List<Map<String, Object>> results = app.store().jdbi().withHandle(h -> {
            var query = h.createQuery("""
                    SELECT subject, check_name, check_type, run_date, status, severity, observed, expected, failing_rows
                    FROM check_results WHERE run_date = :d""" + (subject.isPresent() ? " AND subject = :s" : "") + " ORDER BY id")
                    .bind("d", date);
            subject.ifPresent(s -> query.bind("s", s));
            return query.map((rs, c) -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("subject", rs.getString("subject"));
                json.put("check", rs.getString("check_name"));
                json.put("type", rs.getString("check_type"));
                json.put("date", rs.getObject("run_date", LocalDate.class).toString());
                json.put("status", rs.getString("status"));
                json.put("severity", rs.getString("severity"));
                json.put("observed", rs.getString("observed"));
                json.put("expected", rs.getString("expected"));
                json.put("failing_rows", rs.getLong("failing_rows"));
                return json;
            }).list();
        });
        WebServer.json(ctx, 200, Map.of("date", date.toString(), "results", results));
    }

    private void schedule(Context ctx) {
        Instant from = Params.instant(ctx, "from", zone(), clock.get());
        Instant to = Params.instant(ctx, "to", zone(), from.plus(java.time.Duration.ofDays(28)));
        if (!to.isAfter(from) || to.isAfter(from.plus(java.time.Duration.ofDays(400)))) {
            throw HttpError.badRequest("to", "must be after from, and at most 400 days after it");
        }
        Roster roster = app.roster();
        WebServer.json(ctx, 200, Map.of("segments", roster.schedule().segments(from, to).stream()
                .map(segment -> OnCallJson.segment(roster, segment)).toList()));
    }

    /** The published values; for a pipeline that reports to investors, only with the {@code investors} scope. Every read is audited. */
    private void metrics(Context ctx) throws SQLException {
        Pipeline pipeline = app.catalog().pipelines().get(ctx.pathParam("pipeline"));
        if (pipeline == null) {
            throw HttpError.notFound("no pipeline '" + ctx.pathParam("pipeline") + "'");
        }
        ApiTokens.Caller caller = ctx.attribute(WebServer.CALLER);
        if ("investors".equals(pipeline.audience()) && (caller == null || !caller.hasScope("investors"))) {
            throw HttpError.forbidden(pipeline.id() + " reports to investors: its values need a token with the investors scope");
        }
        LocalDate to = Params.date(ctx, "to", today().minusDays(1));
        LocalDate from = Params.date(ctx, "from", to.minusDays(6));
        Params.range("from", from, to, 366);
        List<Map<String, Object>> rows = new MetricValues(app.catalog()).read(pipeline.id(), from, to);
        audit.done(ctx, "read metrics", pipeline.id(), from + " to " + to + ", " + rows.size() + " rows");
        WebServer.json(ctx, 200, Map.of("pipeline", pipeline.id(), "from", from.toString(), "to", to.toString(), "rows", rows));
    }

    private void runbook(Context ctx) {
        String id = ctx.pathParam("pipeline");
        if (!app.catalog().pipelines().containsKey(id)) {
            throw HttpError.notFound("no pipeline '" + id + "'");
        }
        ctx.contentType("text/markdown; charset=utf-8").result(app.runbooks().markdown(id, clock.get()));
    }

    private String pipeline(String id) {
        if (!app.catalog().pipelines().containsKey(id)) {
            throw HttpError.badRequest("pipeline", "'" + id + "' is not a pipeline" + io.pipekeeper.config.Suggestions.didYouMean(id,
                    app.catalog().pipelines().keySet()));
        }
        return id;
    }
}
