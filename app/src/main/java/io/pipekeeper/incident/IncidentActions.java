package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Sla;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** What people do to incidents: acknowledge, resolve, escalate, change the severity, open one by hand. Each is one transaction. */
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
        }, "status = 'acknowledged', acknowledged_at = :now, acknowledged_by = :by", "acknowledged", by, "acknowledged by " + by, now, (handle, acknowledged) -> {
        });
    }

    public Incident resolve(long id, String by, String note, Instant now) {
        return resolve(id, by, note, now, false);
    }

    /**
     * Resolves it; everyone it paged is told, by the channels that reached them, except whoever resolved it from their
     * phone ({@code byPhone}: the answer to their reply is theirs).
     */
    public Incident resolve(long id, String by, String note, Instant now, boolean byPhone) {
        return change(id, incident -> {
            if (incident.status() == Incident.Status.RESOLVED) {
                throw new Refused("incident #" + id + " is already resolved (by " + incident.resolvedBy().orElse("?") + ")");
            }
        }, "status = 'resolved', resolved_at = :now, resolved_by = :by", "resolved", by,
                "resolved by " + by + (note == null || note.isBlank() ? "" : ": " + note), now,
                (handle, resolved) -> loop.escalation().tellResolved(handle, resolved, by, byPhone ? java.util.Optional.of(by) : java.util.Optional.empty(), now));
    }

    /**
     * An acknowledgement that runs out: the incident is acknowledged now (if it was not already), and at {@code now +
     * length} it is triggered again and its policy runs anew, unless it was resolved first.
     */
    public Incident snooze(long id, java.time.Duration length, String by, Instant now) {
        if (length.isZero() || length.isNegative()) {
            throw new Refused("a snooze lasts longer than 0");
        }
        Instant until = now.plus(length);
        return change(id, incident -> {
            if (incident.status() == Incident.Status.RESOLVED) {
                throw new Refused("incident #" + id + " is resolved; nothing to snooze");
            }
        }, "status = 'acknowledged', acknowledged_at = COALESCE(acknowledged_at, :now), acknowledged_by = COALESCE(acknowledged_by, :by)",
                "snoozed", by, "snoozed by " + by + " for " + io.pipekeeper.config.Durations.format(length) + ", until "
                        + io.pipekeeper.oncall.Roster.shown(until, catalog.team().timezone()) + ": then it is triggered again unless resolved",
                now, (handle, snoozed) -> Escalation.snooze(handle, snoozed, until));
    }

    /**
     * Pages the incident's next step at once, as if its time had come, and makes an acknowledged incident triggered
     * again, so that the later steps fire on time unless someone acknowledges. The respond clock keeps its answer.
     */
    public Incident escalate(long id, String by, Instant now) {
        return store.jdbi().inTransaction(handle -> {
            Incident incident = IncidentStore.byId(handle, id).orElseThrow(() -> new Refused("no incident #" + id
                    + "; see 'pipekeeper incidents'"));
            if (incident.status() == Incident.Status.RESOLVED) {
                throw new Refused("incident #" + id + " is resolved; open a new one with 'pipekeeper incident open'");
            }
            if (!IncidentStore.update(handle, incident, "status = 'triggered'")) {
                throw new Refused("incident #" + id + " changed meanwhile; look again and retry");
            }
            IncidentStore.event(handle, id, now, "escalated", by, "escalated by " + by + (incident.status() == Incident.Status.ACKNOWLEDGED
                    ? "; it was acknowledged" + incident.acknowledgedBy().map(p -> " by " + p).orElse("") + " and is triggered again" : ""));
            loop.escalation().escalateNow(handle, IncidentStore.byId(handle, id).orElseThrow(), now);
            return IncidentStore.byId(handle, id).orElseThrow();
        });
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
            loop.escalation().reschedule(handle, changed, now);
            return changed;
        });
    }

    /**
     * Merges incident {@code absorbedId} into {@code survivorId} by hand: the same cause, as a person sees it. The
     * absorbed one's problem and impacts become the survivor's impacts; it is resolved, naming the survivor, and
     * stops paging. The survivor's severity rises to the higher of the two.
     */
    public Incident merge(long survivorId, long absorbedId, String by, Instant now) {
        if (survivorId == absorbedId) {
            throw new Refused("an incident cannot be merged into itself (#" + survivorId + "); name two open incidents");
        }
        return refusedWhenChanged(survivorId, () -> store.jdbi().inTransaction(handle -> {
            Incident survivor = openOne(handle, survivorId);
            Incident absorbed = openOne(handle, absorbedId);
            Impacts.merge(handle, survivor, absorbed, "merged by " + by, by, now);
            loop.raiseTo(handle, survivorId, absorbed.severity(), "by " + by, "#" + absorbedId + " merged in", now);
            return IncidentStore.byId(handle, survivorId).orElseThrow();
        }));
    }

    private static Incident refusedWhenChanged(long id, java.util.function.Supplier<Incident> change) {
        try {
            return change.get();
        } catch (IncidentStore.Changed changed) {
            throw new Refused("incident #" + id + " changed meanwhile; look again and retry");
        }
    }

    /**
     * Splits the impacts on {@code subject} out of incident {@code id} into an incident of their own, which opens now
     * and pages as any new incident does: a person saw that they have another cause.
     */
    public Incident split(long id, String subject, String by, Instant now) {
        return store.jdbi().inTransaction(handle -> {
            Incident incident = openOne(handle, id);
            List<Impact> impacts = Impacts.of(handle, id);
            List<Impact> taken = impacts.stream().filter(impact -> impact.subject().equals(subject)).toList();
            if (taken.isEmpty()) {
                throw new Refused(incident.subject().equals(subject)
                        ? "'" + subject + "' is incident #" + id + "'s own cause: splitting it out would leave #" + id + " with nothing; "
                        + "resolve it, or split its impacts out instead"
                        : "incident #" + id + " has no impact on '" + subject + "'; its impacts are on: "
                        + (impacts.isEmpty() ? "nothing" : impacts.stream().map(Impact::subject).distinct().collect(Collectors.joining(", "))));
            }
            Impact first = taken.get(0);
            String severity = taken.stream().map(Impact::severity).reduce(first.severity(), new SeverityRules(catalog)::higher);
            Sla sla = loop.slaOf(severity);
            long split = IncidentStore.insert(handle, first.key(), first.detail(), severity, first.subject(), first.kind(), first.checkName(),
                    first.date().orElse(null), now, now.plus(sla.respond()), now.plus(sla.resolve()),
                    new SeverityRules(catalog).blastRadius(first.subject()).toString());
            for (Impact impact : taken) {
                Impacts.remove(handle, impact.id());
            }
            taken.stream().skip(1).forEach(impact -> Impacts.copyTo(handle, impact, split));
            IncidentStore.event(handle, split, now, "opened", by, "split out of #" + id + " by " + by + ": "
                    + taken.stream().map(Impact::shown).collect(Collectors.joining("; ")) + " — " + severity);
            IncidentStore.event(handle, id, now, "split", by, taken.stream().map(Impact::shown).collect(Collectors.joining("; "))
                    + " split out by " + by + " into #" + split);
            Incident opened = IncidentStore.byId(handle, split).orElseThrow();
            loop.escalation().start(handle, opened);
            return opened;
        });
    }

    private static Incident openOne(org.jdbi.v3.core.Handle handle, long id) {
        Incident incident = IncidentStore.byId(handle, id).orElseThrow(() -> new Refused("no incident #" + id + "; see 'pipekeeper incidents'"));
        if (!incident.open()) {
            throw new Refused("incident #" + id + " is resolved" + incident.mergedInto().map(into -> " (merged into #" + into + ")").orElse("")
                    + "; only open incidents merge and split");
        }
        return incident;
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
                            Instant now, java.util.function.BiConsumer<org.jdbi.v3.core.Handle, Incident> then) {
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
            Incident changed = IncidentStore.byId(handle, id).orElseThrow();
            then.accept(handle, changed);
            return changed;
        });
    }
}
