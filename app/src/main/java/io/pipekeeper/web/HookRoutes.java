package io.pipekeeper.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.config.Integration;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.ReportedLineage;
import io.pipekeeper.notify.Secrets;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.SignalStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Outside alerts become signals: Prometheus Alertmanager's webhook (v4), PagerDuty's Events API v2 and
 * OpenLineage run events, each at the path of its integration, each authenticated by its own secret
 * ({@code Authorization: Bearer}, {@code ?token=}, or PagerDuty's {@code routing_key}). A malformed request is a
 * 400 that the sender should not retry; only a failure of the store answers 5xx.
 */
final class HookRoutes {
    /** The kind of signal an outside alert raises. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    HookRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Integration integration : app.catalog().integrations().values()) {
            String base = "/hooks/" + integration.name();
            switch (integration.type()) {
                case "alertmanager" -> routes.add(Route.post(base, Route.Access.HOOK,
                        "Prometheus Alertmanager webhook (v4) for '" + integration.name() + "'", ctx -> alertmanager(ctx, integration)));
                case "pagerduty" -> routes.add(Route.post(base + "/v2/enqueue", Route.Access.HOOK,
                        "PagerDuty Events API v2 for '" + integration.name() + "'", ctx -> pagerDuty(ctx, integration)).answers(202, Schemas.ANY_OBJECT));
                case "openlineage" -> routes.add(Route.post(base + "/api/v1/lineage", Route.Access.HOOK,
                        "OpenLineage run events for '" + integration.name() + "'", ctx -> openLineage(ctx, integration)));
                default -> throw new IllegalStateException("the schema admits no integration type '" + integration.type() + "'");
            }
        }
        return routes;
    }

    // ---- Alertmanager ------------------------------------------------------------------------------

    private void alertmanager(Context ctx, Integration integration) {
        authorize(ctx, integration, bearerOrToken(ctx));
        JsonNode body = body(ctx);
        String groupKey = text(body, "groupKey");
        String status = text(body, "status");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw HttpError.badRequest("status", "'" + status + "' is not firing or resolved");
        }
        JsonNode labels = body.path("commonLabels");
        String subject = subject(integration, labels.path("pipeline").asText(""));
        String check = integration.name() + ":" + groupKey;
        if (status.equals("resolved")) {
            WebServer.json(ctx, 200, Map.of("status", resolve(ctx, integration, subject, check) ? "resolved" : "nothing open"));
            return;
        }
        JsonNode first = body.path("alerts").path(0);
        String name = labels.path("alertname").asText(first.path("labels").path("alertname").asText("alert"));
        String summary = body.path("commonAnnotations").path("summary").asText(first.path("annotations").path("summary").asText(""));
        int count = body.path("alerts").size();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("check", check);
        severity(labels.path("severity").asText("")).ifPresent(s -> evidence.put("severity", s));
        evidence.put("group_key", groupKey);
        evidence.put("alerts", count);
        evidence.put("labels", labels);
        raise(ctx, integration, subject, "[" + integration.name() + "] " + name + (summary.isEmpty() ? "" : ": " + summary)
                + (count > 1 ? " (" + count + " alerts)" : ""), evidence);
        WebServer.json(ctx, 200, Map.of("status", "accepted"));
    }

    // ---- PagerDuty ---------------------------------------------------------------------------------

    private void pagerDuty(Context ctx, Integration integration) {
        JsonNode body = body(ctx);
        authorize(ctx, integration, Optional.ofNullable(body.path("routing_key").textValue()));
        String action = text(body, "event_action");
        String subject = subject(integration, "");
        String dedupKey = body.path("dedup_key").asText("");
        switch (action) {
            case "trigger" -> {
                JsonNode payload = body.path("payload");
                String summary = text(payload, "summary");
                if (dedupKey.isEmpty()) {
                    dedupKey = UUID.randomUUID().toString();
                }
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("check", integration.name() + ":" + dedupKey);
                severity(payload.path("severity").asText("")).ifPresent(s -> evidence.put("severity", s));
                evidence.put("source", payload.path("source").asText(""));
                evidence.put("dedup_key", dedupKey);
                raise(ctx, integration, subject, "[" + integration.name() + "] " + summary, evidence);
            }
            case "acknowledge", "resolve" -> {
                if (dedupKey.isEmpty()) {
                    throw HttpError.badRequest("dedup_key", "required to " + action);
                }
                String check = integration.name() + ":" + dedupKey;
                if (action.equals("resolve")) {
                    resolve(ctx, integration, subject, check);
                } else {
                    acknowledge(ctx, integration, subject, check);
                }
            }
            default -> throw HttpError.badRequest("event_action", "'" + action + "' is not trigger, acknowledge or resolve");
        }
        WebServer.json(ctx, 202, Map.of("status", "success", "message", "Event processed", "dedup_key", dedupKey));
    }

    // ---- OpenLineage -------------------------------------------------------------------------------

    private void openLineage(Context ctx, Integration integration) {
        authorize(ctx, integration, bearerOrToken(ctx));
        JsonNode body = body(ctx);
        String eventType = text(body, "eventType");
        String job = text(body.path("job"), "name");
        Optional<String> pipeline = app.catalog().pipelines().values().stream()
                .filter(p -> p.openLineageJob().map(job::equals).orElse(job.equals(p.id()) || job.endsWith("." + p.id())))
                .map(io.pipekeeper.config.Pipeline::id).findFirst();
        if (pipeline.isEmpty()) {
            WebServer.json(ctx, 200, Map.of("status", "ignored", "reason", "no pipeline is named like the job '" + job + "'"));
            return;
        }
        LocalDate date = Optional.ofNullable(body.path("eventTime").textValue()).map(this::localDate)
                .orElse(clock.get().atZone(app.catalog().team().timezone()).toLocalDate());
        // What the run read and wrote: the lineage the incidents loop correlates along, beside depends_on.
        new ReportedLineage(app.store().jdbi()).report(pipeline.get(), datasets(body.path("inputs")), datasets(body.path("outputs")),
                app.catalog().sources().keySet(), clock.get());
        int raised = 0;
        if (eventType.equals("FAIL")) {
            String message = body.at("/run/facets/errorMessage/message").asText("");
            signal(ctx, new PendingSignal(Kind.RUN_FAILED, pipeline.get(), date, "[" + integration.name() + "] " + job + " failed"
                    + (message.isEmpty() ? "" : ": " + message), Map.of("check", "", "job", job)));
            raised++;
        }
        for (JsonNode dataset : iterable(body.path("inputs"), body.path("outputs"))) {
            JsonNode assertions = dataset.at("/inputFacets/dataQualityAssertions/assertions");
            if (assertions.isMissingNode()) {
                assertions = dataset.at("/facets/dataQualityAssertions/assertions");
            }
            for (JsonNode assertion : assertions) {
                if (!assertion.path("success").asBoolean(true)) {
                    String name = assertion.path("assertion").asText("assertion")
                            + (assertion.hasNonNull("column") ? "(" + assertion.get("column").asText() + ")" : "");
                    signal(ctx, new PendingSignal(Kind.CHECK_FAILED, pipeline.get(), date, "[" + integration.name() + "] " + name
                            + " failed on " + dataset.path("name").asText("?"), Map.of("check", name, "dataset", dataset.path("name").asText(""))));
                    raised++;
                }
            }
        }
        WebServer.json(ctx, 200, Map.of("status", "accepted", "signals", raised));
    }

    /** An OpenLineage event's datasets, as {@code namespace/name}. */
    private static List<String> datasets(JsonNode list) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode dataset : list) {
            if (dataset.hasNonNull("name")) {
                names.add(dataset.path("namespace").asText("") + "/" + dataset.path("name").asText());
            }
        }
        return names;
    }

    // ---- shared ------------------------------------------------------------------------------------

    private JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("body", "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("body", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Optional<String> bearerOrToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            return Optional.of(header.substring("Bearer ".length()).strip());
        }
        return Optional.ofNullable(ctx.queryParam("token"));
    }

    /** The integration's own secret, compared in constant time; anything else is a 401 (audited, like every denial). */
    private void authorize(Context ctx, Integration integration, Optional<String> presented) {
        ctx.attribute(Audit.CALLER, "hook:" + integration.name());
        String expected = Secrets.resolve(integration.secret(), app.environment(), "integrations." + integration.name());
        if (presented.isEmpty() || !MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw HttpError.unauthorized("this hook needs its secret: Authorization: Bearer <secret>, or ?token=<secret>");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw HttpError.badRequest(field, "required: a string");
        }
        return value.asText();
    }

    private String subject(Integration integration, String named) {
        return integration.pipeline().orElse(app.catalog().pipelines().containsKey(named) ? named : "external");
    }

    /** Their severities in ours: critical stays critical, error is major, warning and info are minor. */
    private static Optional<String> severity(String theirs) {
        return switch (theirs.toLowerCase(Locale.ROOT)) {
            case "critical", "page" -> Optional.of("critical");
            case "error", "high" -> Optional.of("major");
            case "warning", "info", "low" -> Optional.of("minor");
            default -> Optional.empty();
        };
    }

    private void raise(Context ctx, Integration integration, String subject, String detail, Map<String, Object> evidence) {
        signal(ctx, new PendingSignal(Kind.ALERT, subject, null, detail, evidence));
    }

    /**
     * Raises {@code signal} with its line of the audit log in one transaction, committed together with the other
     * requests' in hand (a group commit): the sender's 2xx means both are durable, and a burst of alerts costs
     * a commit per group, not per alert.
     */
    private void signal(Context ctx, PendingSignal signal) {
        Instant now = clock.get();
        AuditLog.Entry line = audit.doneEntry(ctx, "signal", signal.subject(), signal.kind() + ": " + signal.detail());
        app.store().write(handle -> {
            SignalStore.raise(handle, signal, Optional.empty(), now);
            AuditLog.record(handle, line);
        });
    }

    /** Resolves the open incident of this alert, once the signals in hand are read; false when none is open. */
    private boolean resolve(Context ctx, Integration integration, String subject, String check) {
        return answer(ctx, integration, subject, check, (actions, incident) -> actions.resolve(incident.id(), integration.name(),
                "resolved at the source (" + integration.type() + ")", clock.get()));
    }

    private boolean acknowledge(Context ctx, Integration integration, String subject, String check) {
        return answer(ctx, integration, subject, check, (actions, incident) -> incident.status() == Incident.Status.TRIGGERED
                ? actions.acknowledge(incident.id(), integration.name(), clock.get()) : incident);
    }

    private boolean answer(Context ctx, Integration integration, String subject, String check,
                           java.util.function.BiFunction<IncidentActions, Incident, Incident> change) {
        app.incidentLoop().runOnce(clock.get());
        Optional<Incident> open = app.incidentStore().findOpen(IncidentLoop.key(subject, Kind.ALERT.text(), check));
        if (open.isEmpty()) {
            return false;
        }
        try {
            change.apply(app.incidentActions(), open.get());
        } catch (IncidentActions.Refused refused) {
            return false;
        }
        audit.done(ctx, "answer", "incident #" + open.get().id(), "by " + integration.name());
        return true;
    }

    private LocalDate localDate(String time) {
        try {
            return OffsetDateTime.parse(time).atZoneSameInstant(app.catalog().team().timezone()).toLocalDate();
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpError.badRequest("eventTime", "'" + time + "' is not an ISO time");
        }
    }

    private static List<JsonNode> iterable(JsonNode... arrays) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode array : arrays) {
            array.forEach(all::add);
        }
        return all;
    }

}
