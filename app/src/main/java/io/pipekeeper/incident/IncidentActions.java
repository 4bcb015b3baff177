package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Sla;
import java.time.Instant;

/** What people do to incidents: acknowledge, resolve, change the severity, open one by hand. Each is one transaction. */
public final class IncidentActions {
    private final Catalog catalog;
    private final IncidentStore store;
    private final IncidentLoop loop;

    public IncidentActions(Catalog catalog, IncidentStore store) {
        this.catalog = catalog;
        this.store = store;
        this.loop = new IncidentLoop(catalog, store);
    }

    /** An action that cannot be done to this incident now; the message says why. */
    public static final class Refused extends PipekeeperException {
        public Refused(String message) {
            super(message);
        }
    }

    public Incident acknowledge(long id, String by, Instant now) {
        return change(id, incident -> {
            if (incident.status() != Incident.Status.TRIGGERED) {
                throw new Refused("incident #" + id + " is already " + incident.status().text()
                        + incident.acknowledgedBy().map(p -> " (by " + p + ")").orElse(""));
            }
        }, "status = 'acknowledged', acknowledged_at = :now, acknowledged_by = :by", "acknowledged", by, "acknowledged by " + by, now);
    }

    public Incident resolve(long id, String by, String note, Instant now) {
        return change(id, incident -> {
            if (incident.status() == Incident.Status.RESOLVED) {
                throw new Refused("incident #" + id + " is already resolved (by " + incident.resolvedBy().orElse("?") + ")");
            }
        }, "status = 'resolved', resolved_at = :now, resolved_by = :by", "resolved", by,
                "resolved by " + by + (note == null || note.isBlank() ? "" : ": " + note), now);
    }

    /** A new severity moves the SLA clocks, counted from when the incident opened. */
    public Incident changeSeverity(long id, String severity, String by, String reason, Instant now) {
        Incident incident = store.find(id).orElseThrow(() -> new Refused("no incident #" + id));
        Sla sla = loop.slaOf(severity);
        Instant respondBy = incident.openedAt().plus(sla.respond());
        Instant resolveBy = incident.openedAt().plus(sla.resolve());
        return store.jdbi().inTransaction(handle -> {
            if (!IncidentStore.update(handle, incident, "severity = :severity, respond_by = :respond, resolve_by = :resolve",
                    "severity", severity, "respond", respondBy, "resolve", resolveBy)) {
                throw new Refused("incident #" + id + " changed meanwhile; look again and retry");
            }
            IncidentStore.event(handle, id, now, "severity", by, "severity " + incident.severity() + " → " + severity + " by " + by
                    + (reason == null || reason.isBlank() ? "" : ": " + reason) + "; respond by " + respondBy + ", resolve by " + resolveBy);
            Incident changed = IncidentStore.byId(handle, id).orElseThrow();
            loop.escalation().reschedule(handle, changed);
            return changed;
        });
    }

    /** An incident nobody's signal raised: an investor's question, a bug seen by a person. */
    public Incident open(String title, String severity, String subject, String by, Instant now) {
        Sla sla = loop.slaOf(severity);
        return store.jdbi().inTransaction(handle -> {
            long id = IncidentStore.insert(handle, "manual|" + subject + "|" + title, title, severity, subject, "manual", "", null, now,
                    now.plus(sla.respond()), now.plus(sla.resolve()), new SeverityRules(catalog).blastRadius(subject).toString());
            IncidentStore.event(handle, id, now, "opened", by, "opened by " + by + ": " + title);
            Incident opened = IncidentStore.byId(handle, id).orElseThrow();
            loop.escalation().start(handle, opened);
            return opened;
        });
    }

    private Incident change(long id, java.util.function.Consumer<Incident> guard, String set, String eventKind, String by, String text,
                            Instant now) {
        return store.jdbi().inTransaction(handle -> {
            Incident incident = IncidentStore.byId(handle, id).orElseThrow(() -> new Refused("no incident #" + id
                    + "; see 'pipekeeper incidents'"));
            guard.accept(incident);
            if (!IncidentStore.update(handle, incident, set, "now", now, "by", by)) {
                throw new Refused("incident #" + id + " changed meanwhile; look again and retry");
            }
            IncidentStore.event(handle, id, now, eventKind, by, text);
            // An answer stops the paging: no later step fires, and nothing still waiting in the outbox goes out after it.
            int steps = Escalation.cancel(handle, id);
            int cancelled = Outbox.cancelWaiting(handle, id, false);
            if (cancelled + steps > 0) {
                IncidentStore.event(handle, id, now, "delivery", null, "the incident is " + eventKind + ": " + steps
                        + " later escalation step(s) and " + cancelled + " waiting page(s) cancelled");
            }
            return IncidentStore.byId(handle, id).orElseThrow();
        });
    }
}
