package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An incident as JSON, the same for {@code pipekeeper incidents --json} and the server's API. */
public final class IncidentJson {
    private IncidentJson() {
    }

    public static Map<String, Object> of(Incident incident, IncidentStore store, Outbox outbox) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", incident.id());
        json.put("key", incident.key());
        json.put("title", incident.title());
        json.put("severity", incident.severity());
        json.put("status", incident.status().text());
        json.put("subject", incident.subject());
        json.put("opened_at", incident.openedAt().toString());
        json.put("respond_by", incident.respondBy().toString());
        json.put("resolve_by", incident.resolveBy().toString());
        json.put("acknowledged_at", incident.acknowledgedAt().map(Instant::toString).orElse(null));
        json.put("acknowledged_by", incident.acknowledgedBy().orElse(null));
        json.put("resolved_at", incident.resolvedAt().map(Instant::toString).orElse(null));
        json.put("count", incident.count());
        json.put("blast_radius", incident.blastRadius());
        json.put("paged", outbox.paged(incident.id()));
        json.put("merged_into", incident.mergedInto().orElse(null));
        json.put("impacts", store.impacts(incident.id()).stream().map(impact -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subject", impact.subject());
            row.put("kind", impact.kind());
            row.put("check", impact.checkName().isEmpty() ? null : impact.checkName());
            row.put("run_date", impact.date().map(Object::toString).orElse(null));
            row.put("severity", impact.severity());
            row.put("text", impact.shown());
            row.put("count", impact.count());
            row.put("added_at", impact.addedAt().toString());
            row.put("recovered_at", impact.recoveredAt().map(Instant::toString).orElse(null));
            return row;
        }).toList());
        return json;
    }

    /** The incident with its timeline and every page decided for it. */
    public static Map<String, Object> withDetails(Incident incident, IncidentStore store, Outbox outbox) {
        Map<String, Object> json = of(incident, store, outbox);
        List<Incident.Event> timeline = store.timeline(incident.id());
        json.put("timeline", timeline.stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("at", e.at().toString());
            event.put("kind", e.kind());
            event.put("actor", e.actor().orElse(null));
            event.put("text", e.text());
            return event;
        }).toList());
        json.put("pages", outbox.of(incident.id()).stream().map(page -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("notice", page.notice().text());
            row.put("step", page.step());
            row.put("shown", page.shown());
            row.put("person", page.person());
            row.put("channel", page.via().text());
            row.put("address", page.address());
            row.put("status", page.shownStatus());
            row.put("attempts", page.attempts());
            row.put("queued_at", page.createdAt().toString());
            row.put("sent_at", page.settled().sentAt().map(Object::toString).orElse(null));
            row.put("settled_at", page.settled().settledAt().map(Object::toString).orElse(null));
            row.put("provider_id", page.settled().providerId().orElse(null));
            row.put("reason", page.status().equals("failed") ? page.settled().reason().orElse(null) : null);
            row.put("late", page.late().orElse(null));
            return row;
        }).toList());
        return json;
    }
}
