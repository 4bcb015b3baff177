package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.Via;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Deadlines that passed unmet: an incident not acknowledged by {@code respond_by}, or not resolved by
 * {@code resolve_by}. Each breach is recorded once on the incident (the claim is a conditional UPDATE, so
 * several loops record it once) and, in the same transaction, the on-call pair of the moment and the subject's
 * owners are told by email through the outbox.
 */
final class SlaBreaches {

    /** One of the two clocks. */
    enum Deadline {
        // An incident acknowledged once met its respond clock, even if escalated by hand and triggered again since.
        RESPOND("respond_breached_at", "respond_by", "status = 'triggered' AND acknowledged_at IS NULL", Notice.RESPOND_BREACH, "not acknowledged by"),
        RESOLVE("resolve_breached_at", "resolve_by", "status IN ('triggered', 'acknowledged')", Notice.RESOLVE_BREACH, "not resolved by");

        final String column;
        final String deadline;
        final String stillDue;
        final Notice notice;
        final String missed;

        Deadline(String column, String deadline, String stillDue, Notice notice, String missed) {
            this.column = column;
            this.deadline = deadline;
            this.stillDue = stillDue;
            this.notice = notice;
            this.missed = missed;
        }

        Instant of(Incident incident) {
            return this == RESPOND ? incident.respondBy() : incident.resolveBy();
        }
    }

    private final Catalog catalog;
    private final IncidentStore store;
    private final SeverityRules rules;
    private final Supplier<Roster> rosterNow;
    private final java.util.function.Function<Incident, io.pipekeeper.config.EscalationPolicy> policyOf;

    SlaBreaches(Catalog catalog, IncidentStore store, SeverityRules rules, Supplier<Roster> rosterNow,
                java.util.function.Function<Incident, io.pipekeeper.config.EscalationPolicy> policyOf) {
        this.policyOf = policyOf;
        this.catalog = catalog;
        this.store = store;
        this.rules = rules;
        this.rosterNow = rosterNow;
    }

    /** Records every breach due by {@code now} and not recorded yet; returns how many this call recorded. */
    int record(Instant now) {
        int recorded = 0;
        for (Deadline deadline : Deadline.values()) {
            List<Long> due = store.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM incidents WHERE " + deadline.column
                            + " IS NULL AND " + deadline.stillDue + " AND " + deadline.deadline + " < :now ORDER BY id")
                    .bind("now", IncidentStore.utc(now)).mapTo(Long.class).list());
            for (long id : due) {
                if (store.jdbi().inTransaction(handle -> claim(handle, id, deadline, now))) {
                    recorded++;
                }
            }
        }
        return recorded;
    }

    private boolean claim(Handle handle, long id, Deadline deadline, Instant now) {
        int claimed = handle.createUpdate("UPDATE incidents SET " + deadline.column + " = :now, version = version + 1 WHERE id = :id AND "
                        + deadline.column + " IS NULL AND " + deadline.stillDue + " AND " + deadline.deadline + " < :now")
                .bind("now", IncidentStore.utc(now)).bind("id", id).execute();
        if (claimed != 1) {
            return false;
        }
        Incident incident = IncidentStore.byId(handle, id).orElseThrow();
        String when = PageTexts.time(catalog, deadline.of(incident));
        if (!Escalation.escalates(incident)) {
            IncidentStore.event(handle, id, now, "sla_breach", null, incident.severity() + " SLA breached: " + deadline.missed + " " + when
                    + "; nobody is told: " + incident.kind().replace('_', ' ') + " incidents do not escalate");
            return true;
        }
        if (!policyOf.apply(incident).breachNotices()) {
            IncidentStore.event(handle, id, now, "sla_breach", null, incident.severity() + " SLA breached: " + deadline.missed + " " + when
                    + "; nobody is told beyond the escalation steps (breach_notices: false)");
            return true;
        }
        List<String> told = List.copyOf(recipients(incident, now));
        IncidentStore.event(handle, id, now, "sla_breach", null, incident.severity() + " SLA breached: " + deadline.missed + " " + when
                + (told.isEmpty() ? "" : "; telling " + String.join(", ", told)));
        if (catalog.email().isPresent()) {
            String subject = "[SLA BREACH] " + PageTexts.subject(catalog, incident).replaceFirst(" — respond by .*$", "") + " — " + deadline.missed
                    + " " + when;
            for (String person : told) {
                catalog.team().person(person).ifPresent(p -> Outbox.enqueue(handle, new PageRequest(id, deadline.notice, 0, person, Via.EMAIL,
                        p.email(), subject, PageTexts.body(catalog, incident, Impacts.of(handle, id), told, ActionLinks.load(handle, catalog.baseUrl()), person)), now));
            }
        }
        return true;
    }

    /** The on-call pair now, then the owners of the subject (for a source: of the first pipeline reading it). */
    private Set<String> recipients(Incident incident, Instant now) {
        Set<String> people = new LinkedHashSet<>();
        Assignment onCall = rosterNow.get().schedule().at(now);
        onCall.primary().ifPresent(people::add);
        onCall.secondary().ifPresent(people::add);
        Optional<Pipeline> owned = rules.blastRadius(incident.subject()).pipelines().stream().findFirst().map(catalog::pipeline);
        owned.ifPresent(p -> {
            people.add(p.owners().primary());
            people.add(p.owners().secondary());
        });
        return people;
    }
}
