package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.SignalStore;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.config.Sla;
import io.pipekeeper.signal.Signal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Turns new signals into incidents, one signal per transaction, and resolves incidents whose subject has since
 * passed. The position in the signals table moves in the same transaction as the incident, with a check that
 * nobody moved it first, so several processes may run this loop against one store and each signal is handled
 * once.
 */
public final class IncidentLoop {
    private final Catalog catalog;
    private final IncidentStore store;
    private final SeverityRules rules;

    private final Supplier<Roster> rosterNow;
    private final SlaBreaches breaches;
    private final Escalation escalation;
    private final HandoffMail handoffs;

    public IncidentLoop(Catalog catalog, IncidentStore store) {
        this.catalog = catalog;
        this.store = store;
        this.rules = new SeverityRules(catalog);
        this.rosterNow = () -> Roster.of(catalog, new OnCallStore(store.jdbi()).load());
        this.breaches = new SlaBreaches(catalog, store, rules, rosterNow);
        this.escalation = new Escalation(catalog, store, rules, rosterNow);
        this.handoffs = new HandoffMail(catalog, store, rosterNow);
    }

    /** The escalation policy these incidents follow: its timers, and the fallback when a channel gives up. */
    public Escalation escalation() {
        return escalation;
    }

    /**
     * Handles every signal not handled yet, resolves what has passed since, records the SLA deadlines that passed
     * unmet, and mails a rotation hand-off that just happened; returns the signals handled.
     */
    public int runOnce(Instant now) {
        int handled = 0;
        while (true) {
            try {
                if (!store.jdbi().inTransaction(this::handleNext)) {
                    break;
                }
                handled++;
            } catch (CursorMoved another) {
                // another process handled that signal; its transaction stands and ours was rolled back
            }
        }
        resolvePassed(now);
        breaches.record(now);
        handoffs.runOnce(now);
        return handled;
    }

    /** Thrown to roll a transaction back when another loop handles the same signal (it moved the cursor or the incident first). */
    private static final class CursorMoved extends RuntimeException {
        CursorMoved() {
            super(null, null, false, false);
        }
    }

    private boolean handleNext(Handle handle) {
        long last = handle.createQuery("SELECT last_signal_id FROM signal_cursor WHERE name = 'incidents'").mapTo(Long.class).one();
        Optional<Signal> next = SignalStore.next(handle, last);
        if (next.isEmpty()) {
            return false;
        }
        apply(handle, next.get());
        int moved = handle.createUpdate("UPDATE signal_cursor SET last_signal_id = :id WHERE name = 'incidents' AND last_signal_id = :last")
                .bind("id", next.get().id()).bind("last", last).execute();
        if (moved != 1) {
            throw new CursorMoved();
        }
        return true;
    }

    /** The key that folds repeats of one problem into one incident: subject, kind and, for checks, the check. */
    static String keyOf(Signal signal) {
        return key(signal.subject(), signal.kind().text(), SeverityRules.checkName(signal.evidence()));
    }

    /** The key of the incident that signals of this subject, kind and check open or add to. */
    public static String key(String subject, String kind, String check) {
        return subject + "|" + kind + "|" + check;
    }

    private void apply(Handle handle, Signal signal) {
        String key = keyOf(signal);
        Optional<Incident> open = IncidentStore.openByKey(handle, key);
        if (open.isPresent()) {
            Incident incident = open.get();
            if (!IncidentStore.update(handle, incident, "signal_count = signal_count + 1")) {
                // Another loop is handling this very signal: ours rolls back, and the cursor shows who won.
                throw new CursorMoved();
            }
            IncidentStore.event(handle, incident.id(), signal.createdAt(), "repeat", null, signal.detail());
            return;
        }
        String severity = rules.severityOf(signal);
        Sla sla = slaOf(severity);
        SeverityRules.BlastRadius radius = rules.blastRadius(signal.subject());
        long id = IncidentStore.insert(handle, key, signal.detail(), severity, signal.subject(), signal.kind().text(),
                SeverityRules.checkName(signal.evidence()), signal.date().orElse(null),
                signal.createdAt(), signal.createdAt().plus(sla.respond()), signal.createdAt().plus(sla.resolve()), radius.toString());
        IncidentStore.event(handle, id, signal.createdAt(), "opened", null, signal.detail() + " — " + severity + " by rule; blast radius: "
                + radius);
        escalation.start(handle, IncidentStore.byId(handle, id).orElseThrow());
    }

    Sla slaOf(String severity) {
        return SeverityRules.slaOf(catalog, severity);
    }

    /** An incident resolves itself when its subject's next run, or its check, passes. */
    private void resolvePassed(Instant now) {
        for (Passed passed : store.jdbi().withHandle(IncidentLoop::passedSinceOpening)) {
            store.jdbi().useTransaction(handle -> {
                Optional<Incident> current = IncidentStore.byId(handle, passed.incidentId()).filter(Incident::open);
                if (current.isPresent() && IncidentStore.update(handle, current.get(), "status = 'resolved', resolved_at = :now, resolved_by = :by",
                        "now", now, "by", "pipekeeper")) {
                    Incident incident = current.get();
                    String what = incident.checkName().isEmpty() ? "the run of " + incident.date().orElseThrow()
                            : incident.checkName() + " for " + incident.date().orElseThrow();
                    IncidentStore.event(handle, incident.id(), now, "resolved", "pipekeeper", "resolved on its own: " + what + " passed at "
                            + passed.at());
                    Escalation.cancel(handle, incident.id());
                    Outbox.cancelWaiting(handle, incident.id(), true);
                }
            });
        }
    }

    /** An open incident whose subject passed after it opened, and when it first did. */
    private record Passed(long incidentId, Instant at) {
    }

    /** Every open incident whose run later succeeded, or whose check later passed, for the same day: two queries however many are open. */
    private static List<Passed> passedSinceOpening(Handle handle) {
        String runKinds = java.util.Arrays.stream(Kind.values()).filter(Kind::aboutARun).map(kind -> "'" + kind.text() + "'").sorted().collect(java.util.stream.Collectors.joining(", "));
        List<Passed> passed = new java.util.ArrayList<>(handle.createQuery("""
                        SELECT i.id, min(r.finished_at) AS at FROM incidents i
                        JOIN runs r ON r.pipeline = i.subject AND r.run_date = i.run_date AND r.status = 'succeeded' AND r.finished_at > i.opened_at
                        WHERE i.status <> 'resolved' AND i.kind IN (%s)
                        GROUP BY i.id ORDER BY i.id
                        """.formatted(runKinds))
                .map((rs, ctx) -> new Passed(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant())).list());
        passed.addAll(handle.createQuery("""
                        SELECT i.id, min(c.created_at) AS at FROM incidents i
                        JOIN check_results c ON c.subject = i.subject AND c.check_name = i.check_name AND c.run_date = i.run_date
                             AND c.status = 'passed' AND c.created_at > i.opened_at
                        WHERE i.status <> 'resolved' AND i.check_name <> ''
                        GROUP BY i.id ORDER BY i.id
                        """)
                .map((rs, ctx) -> new Passed(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant())).list());
        return passed;
    }
}
