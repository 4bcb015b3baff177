package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.access.AuditJson;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentJson;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.oncall.OnCallJson;
import io.pipekeeper.oncall.Roster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The JSON API: incidents and what responders do to them, and who is on call. */
final class ApiRoutes {
    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    ApiRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/incidents", Route.Access.VIEWER, "Incidents: ?status=open (default) or all", this::incidents).answers(200, Schemas.INCIDENTS),
                Route.get("/api/incidents/{id}", Route.Access.VIEWER, "One incident with its timeline and every page", this::incident).answers(200, Schemas.INCIDENT),
                Route.post("/api/incidents/{id}/ack", Route.Access.RESPONDER, "Acknowledge: {\"by\": person}; later escalation steps are cancelled", this::acknowledge).takes(Schemas.BY),
                Route.post("/api/incidents/{id}/resolve", Route.Access.RESPONDER, "Resolve: {\"by\": person, \"note\": text}", this::resolve).takes(Schemas.RESOLVE),
                Route.post("/api/incidents/{id}/severity", Route.Access.RESPONDER, "Change the severity: {\"severity\", \"by\", \"reason\"}; the SLA clocks move", this::severity).takes(Schemas.SEVERITY),
                Route.post("/api/incidents/{id}/merge", Route.Access.RESPONDER, "Merge another incident into this one (the same cause): {\"from\": id, \"by\": person}", this::merge).takes(Schemas.MERGE),
                Route.post("/api/incidents/{id}/split", Route.Access.RESPONDER, "Split the impacts on one subject into an incident of their own: {\"subject\", \"by\"}", this::split).takes(Schemas.SPLIT),
                Route.post("/api/incidents/{id}/escalate", Route.Access.RESPONDER, "Page the next step now; an acknowledged incident is triggered again: {\"by\": person}", this::escalate).takes(Schemas.BY),
                Route.post("/api/incidents/{id}/snooze", Route.Access.RESPONDER, "Acknowledge for a while, then page anew unless resolved: {\"by\": person, \"for\": \"2h\"}", this::snooze).takes(Schemas.SNOOZE),
                Route.get("/api/maintenance", Route.Access.VIEWER, "The maintenance windows in force", this::maintenance),
                Route.post("/api/maintenance", Route.Access.RESPONDER, "Start a window now: {\"scope\": pipeline, source or all, \"for\": \"2h\", \"reason\", \"by\"}", this::startMaintenance).takes(Schemas.MAINTENANCE).answers(201, Schemas.ANY_OBJECT),
                Route.post("/api/maintenance/end", Route.Access.RESPONDER, "End the windows started by hand for a scope now: {\"scope\", \"by\"}; the incidents they held page now", this::endMaintenance).takes(Schemas.MAINTENANCE_END),
                Route.get("/api/oncall/now", Route.Access.VIEWER, "Who is on call: ?at= (default now)", this::onCallNow).answers(200, Schemas.ON_CALL),
                Route.get("/api/reports/noise", Route.Access.VIEWER, "Signals, incidents, impacts and pages per cause, check, pipeline and person: ?from=&to= (dates, default the last 7 days)", this::noise),
                Route.get("/api/audit", Route.Access.ADMIN, "The audit log: ?from=&to= (default the last 7 days)", this::auditLog));
    }

    private void incidents(Context ctx) {
        String status = ctx.queryParam("status") == null ? "open" : ctx.queryParam("status");
        if (!status.equals("open") && !status.equals("all")) {
            throw HttpError.badRequest("status", "'" + status + "' is not open or all");
        }
        Outbox outbox = outbox();
        WebServer.json(ctx, 200, Map.of("incidents", app.incidentStore().list(status.equals("open")).stream()
                .map(incident -> IncidentJson.of(incident, app.incidentStore(), outbox)).toList()));
    }

    private void incident(Context ctx) {
        Incident incident = find(ctx);
        WebServer.json(ctx, 200, IncidentJson.withDetails(incident, app.incidentStore(), outbox()));
    }

    private void acknowledge(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String by = person(body.required("by"));
        answer(ctx, "acknowledge", incident, "by " + by, () -> app.incidentActions().acknowledge(incident.id(), by, clock.get()));
    }

    private void resolve(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String by = person(body.required("by"));
        answer(ctx, "resolve", incident, "by " + by, () -> app.incidentActions().resolve(incident.id(), by, body.optional("note").orElse(null),
                clock.get()));
    }

    private void severity(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String severity = body.required("severity");
        if (!app.catalog().severities().containsKey(severity)) {
            throw HttpError.badRequest("severity", "'" + severity + "' is not a severity; the severities are "
                    + String.join(", ", app.catalog().severities().keySet()));
        }
        String by = person(body.required("by"));
        answer(ctx, "severity", incident, severity + " by " + by, () -> app.incidentActions().changeSeverity(incident.id(), severity, by,
                body.optional("reason").orElse(null), clock.get()));
    }

    private void merge(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        long from = body.requiredId("from");
        String by = person(body.required("by"));
        rearrange(ctx, "merge", "from", incident, "#" + from + " merged in by " + by,
                () -> app.incidentActions().merge(incident.id(), from, by, clock.get()));
    }

    private void split(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String subject = body.required("subject");
        String by = person(body.required("by"));
        rearrange(ctx, "split", "subject", incident, subject + " split out by " + by,
                () -> app.incidentActions().split(incident.id(), subject, by, clock.get()));
    }

    /** A merge or a split, audited; what cannot be done (a wrong id, a split that would leave nothing) is a 400 naming the field. */
    private void rearrange(Context ctx, String action, String field, Incident incident, String detail, Supplier<Incident> change) {
        Incident changed;
        try {
            changed = change.get();
        } catch (IncidentActions.Refused refused) {
            throw HttpError.badRequest(field, refused.getMessage());
        }
        audit.done(ctx, action, "incident #" + incident.id(), detail);
        WebServer.json(ctx, 200, IncidentJson.of(changed, app.incidentStore(), outbox()));
    }

    private void escalate(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String by = person(body.required("by"));
        answer(ctx, "escalate", incident, "by " + by, () -> app.incidentActions().escalate(incident.id(), by, clock.get()));
    }

    private void snooze(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Incident incident = find(ctx);
        String by = person(body.required("by"));
        java.time.Duration length = duration(body.required("for"));
        answer(ctx, "snooze", incident, "by " + by + " for " + body.required("for"),
                () -> app.incidentActions().snooze(incident.id(), length, by, clock.get()));
    }

    private void maintenance(Context ctx) {
        WebServer.json(ctx, 200, Map.of("windows", app.incidentLoop().maintenance().active(clock.get()).stream().map(ApiRoutes::window).toList()));
    }

    private void startMaintenance(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        String scope = scope(body.required("scope"));
        java.time.Duration length = duration(body.required("for"));
        String reason = body.required("reason");
        String by = person(body.required("by"));
        io.pipekeeper.incident.Maintenance.Window window = app.incidentLoop().maintenance().start(scope, length, reason, by, clock.get());
        audit.done(ctx, "maintenance start", scope, reason);
        WebServer.json(ctx, 201, window(window));
    }

    private void endMaintenance(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        String scope = scope(body.required("scope"));
        String by = person(body.required("by"));
        List<io.pipekeeper.incident.Maintenance.Window> ended = app.incidentLoop().maintenance().end(scope, by, clock.get());
        audit.done(ctx, "maintenance end", scope, ended.size() + " window(s)");
        WebServer.json(ctx, 200, Map.of("ended", ended.stream().map(ApiRoutes::window).toList()));
    }

    private String scope(String scope) {
        if (!scope.equals(io.pipekeeper.incident.Maintenance.ALL) && !app.catalog().pipelines().containsKey(scope)
                && !app.catalog().sources().containsKey(scope)) {
            throw HttpError.badRequest("scope", "'" + scope + "' is neither a pipeline nor a source; name one, or all");
        }
        return scope;
    }

    private static java.time.Duration duration(String text) {
        try {
            java.time.Duration length = io.pipekeeper.config.Durations.parse(text);
            if (length.isZero()) {
                throw HttpError.badRequest("for", "must be longer than 0");
            }
            return length;
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("for", e.getMessage());
        }
    }

    private static Map<String, Object> window(io.pipekeeper.incident.Maintenance.Window window) {
        return Map.of("id", window.id(), "scope", window.scope(), "start", window.start().toString(), "end", window.end().toString(),
                "reason", window.reason(), "by", window.by());
    }

    private void noise(Context ctx) {
        WebServer.json(ctx, 200, DashboardRoutes.noiseReport(app, ctx, clock.get()).json());
    }

    private void onCallNow(Context ctx) {
        Instant at = Params.instant(ctx, "at", app.catalog().team().timezone(), clock.get());
        Roster roster = app.roster();
        WebServer.json(ctx, 200, OnCallJson.now(roster, roster.schedule().at(at)));
    }

    /** {@code ?from=&to=} (instants; to is exclusive; default: the last 7 days, up to now). */
    private void auditLog(Context ctx) {
        java.time.ZoneId zone = app.catalog().team().timezone();
        Instant to = Params.instant(ctx, "to", zone, clock.get().plusSeconds(1));
        Instant from = Params.instant(ctx, "from", zone, to.minus(java.time.Duration.ofDays(7)));
        WebServer.json(ctx, 200, Map.of("entries", new AuditLog(app.store().jdbi()).between(from, to).stream().map(AuditJson::of).toList()));
    }

    /** An answer to an incident, audited; or a 409 that says why it cannot be given (already acknowledged, changed meanwhile). */
    private void answer(Context ctx, String action, Incident incident, String detail, Supplier<Incident> change) {
        Incident changed;
        try {
            changed = change.get();
        } catch (IncidentActions.Refused refused) {
            throw HttpError.conflict(refused.getMessage());
        }
        audit.done(ctx, action, "incident #" + incident.id(), detail);
        WebServer.json(ctx, 200, IncidentJson.of(changed, app.incidentStore(), outbox()));
    }

    private Incident find(Context ctx) {
        String text = ctx.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            throw HttpError.badRequest("id", "'" + text + "' is not an incident number");
        }
        long id = Long.parseLong(text);
        return app.incidentStore().find(id).orElseThrow(() -> HttpError.notFound("no incident #" + id));
    }

    private String person(String id) {
        return Params.person(app.catalog(), "by", id);
    }

    private Outbox outbox() {
        return new Outbox(app.store().jdbi());
    }
}
