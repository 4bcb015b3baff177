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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns new signals into incidents, up to {@value #BATCH} signals per transaction, and resolves incidents whose
 * subject has since passed. The position in the signals table moves in the same transaction as the incidents, with
 * a check that nobody moved it first, so several processes may run this loop against one store and each signal is
 * handled once.
 */
public final class IncidentLoop {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentLoop.class);

    /** Signals handled in one transaction: one commit for a burst instead of one each (a commit writes the H2 file). */
    static final int BATCH = 100;

    private final Catalog catalog;
    private final IncidentStore store;
    private final SeverityRules rules;

    private final Supplier<Roster> rosterNow;
    private final SlaBreaches breaches;
    private final Escalation escalation;
    private final HandoffMail handoffs;
    private final ShiftReminders reminders;
    /** Present when Slack is an app, which follows each incident in a thread. */
    private final java.util.Optional<SlackThreads> threads;
    private final ReportedLineage reported;
    /** The catalog's lineage and the reported edges as of the start of the current pass. */
    private Lineage lineage;
    private final boolean correlate;
    /** While a pass runs, its roster (three queries and a holiday calendar: read once a pass instead of once a signal). */
    private final AtomicReference<PassRoster> passRoster = new AtomicReference<>();

    public IncidentLoop(Catalog catalog, IncidentStore store) {
        this(catalog, store, true);
    }

    /** @param correlate whether lineage folds a problem into the open incident of its cause; off, every problem opens its own (the noise benchmark's baseline) */
    public IncidentLoop(Catalog catalog, IncidentStore store, boolean correlate) {
        this.correlate = correlate;
        this.catalog = catalog;
        this.store = store;
        this.rules = new SeverityRules(catalog);
        this.rosterNow = () -> {
            PassRoster pass = passRoster.get();
            return pass != null ? pass.get() : Roster.of(catalog, new OnCallStore(store.jdbi()).load());
        };
        this.escalation = new Escalation(catalog, store, rules, rosterNow);
        this.breaches = new SlaBreaches(catalog, store, rules, rosterNow, escalation::policyOf);
        this.handoffs = new HandoffMail(catalog, store, rosterNow);
        this.reminders = new ShiftReminders(catalog, store, rosterNow);
        this.threads = new TeamMessages(catalog).slackFollows()
                ? java.util.Optional.of(new SlackThreads(store.jdbi(), catalog.team().timezone())) : java.util.Optional.empty();
        this.reported = new ReportedLineage(store.jdbi());
        this.lineage = new Lineage(rules, Map.of());
    }

    /** The store these incidents are kept in. */
    Jdbi jdbi() {
        return store.jdbi();
    }

    /** The escalation policy these incidents follow: its timers, and the fallback when a channel gives up. */
    /** The maintenance windows, and what starting and ending them by hand does. */
    public Maintenance maintenance() {
        return new Maintenance(catalog, store, escalation);
    }

    public Escalation escalation() {
        return escalation;
    }

    /**
     * Handles every signal not handled yet, resolves what has passed since, records the SLA deadlines that passed
     * unmet, mails a rotation hand-off that just happened and the reminders of shifts about to start, and queues the
     * events a Slack thread has not told yet; returns the signals handled.
     */
    public int runOnce(Instant now) {
        return inPass(() -> {
            int handled = handleSignals();
            resolvePassed(now);
            breaches.record(now);
            handoffs.runOnce(now);
            reminders.runOnce(now);
            threads.ifPresent(thread -> thread.runOnce(now));
            return handled;
        });
    }

    /** Handles every signal not handled yet, and nothing else: what a pass woken by new signals needs; returns how many. */
    public int handleNew() {
        return inPass(this::handleSignals);
    }

    private int inPass(Supplier<Integer> pass) {
        passRoster.set(new PassRoster());
        try {
            return pass.get();
        } finally {
            passRoster.set(null);
        }
    }

    /** The roster as the pass first needs it, read once for all its signals. */
    private final class PassRoster {
        private Roster roster;

        synchronized Roster get() {
            if (roster == null) {
                roster = Roster.of(catalog, new OnCallStore(store.jdbi()).load());
            }
            return roster;
        }
    }

    private int handleSignals() {
        if (correlate) {
            lineage = lineage.with(reported.edges());
        }
        int handled = 0;
        while (true) {
            try {
                List<Opened> opened = new ArrayList<>();
                int batch = store.jdbi().inTransaction(handle -> handleNext(handle, opened));
                opened.forEach(Opened::log); // once committed: a batch another process won is not logged as ours
                if (batch == 0) {
                    return handled;
                }
                handled += batch;
            } catch (CursorMoved | IncidentStore.Changed another) {
                // another process handled these signals, or changed an incident they touch: ours rolled back, the next try reads on
            }
        }
    }

    /** Thrown to roll a transaction back when another loop handles the same signal (it moved the cursor or the incident first). */
    private static final class CursorMoved extends RuntimeException {
        CursorMoved() {
            super(null, null, false, false);
        }
    }

    /** The next signals, in order, in the caller's transaction; returns how many. */
    private int handleNext(Handle handle, List<Opened> opened) {
        long last = handle.createQuery("SELECT last_signal_id FROM signal_cursor WHERE name = 'incidents'").mapTo(Long.class).one();
        List<Signal> next = SignalStore.after(handle, last, BATCH);
        if (next.isEmpty()) {
            return 0;
        }
        next.forEach(signal -> apply(handle, signal, opened));
        int moved = handle.createUpdate("UPDATE signal_cursor SET last_signal_id = :id WHERE name = 'incidents' AND last_signal_id = :last")
                .bind("id", next.get(next.size() - 1).id()).bind("last", last).execute();
        if (moved != 1) {
            throw new CursorMoved();
        }
        return next.size();
    }

    /** An incident a pass opened, logged (with its {@code incident_id}) once the pass's transaction has committed. */
    private record Opened(long id, String severity, String subject, String detail) {
        void log() {
            try (MDC.MDCCloseable incident = MDC.putCloseable("incident_id", Long.toString(id))) {
                LOG.info("incident #{} opened [{}] {}: {}", id, severity, subject, detail);
            }
        }
    }

    /** The key that folds repeats of one problem into one incident: subject, kind and, for checks, the check. */
    static String keyOf(Signal signal) {
        return key(signal.subject(), signal.kind().text(), SeverityRules.checkName(signal.evidence()));
    }

    /** The key of the incident that signals of this subject, kind and check open or add to. */
    public static String key(String subject, String kind, String check) {
        return subject + "|" + kind + "|" + check;
    }

    /**
     * One signal: a repeat of an open incident's problem counts there; a problem downstream of an open incident's
     * subject, for the same data date, joins it as an impact (no page); a problem upstream of open incidents becomes
     * their cause (the oldest survives, the others merge into it); anything else opens an incident and pages.
     */
    private void apply(Handle handle, Signal signal, List<Opened> opened) {
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
        if (correlate && correlated(handle, signal, key)) {
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
        opened.add(new Opened(id, severity, signal.subject(), signal.detail()));
    }

    /** Folds the signal into an open incident that the lineage ties it to, for the same data date; false when none does. */
    private boolean correlated(Handle handle, Signal signal, String key) {
        if (!signal.kind().correlates() || signal.date().isEmpty()) {
            return false;
        }
        List<Incident> sameDate = IncidentStore.openOn(handle, signal.date().get()).stream().filter(IncidentLoop::correlates).toList();
        Optional<Incident> cause = sameDate.stream().filter(incident -> lineage.reaches(incident.subject(), signal.subject())).findFirst();
        if (cause.isPresent()) {
            joinAsImpact(handle, cause.get(), signal, key);
            return true;
        }
        List<Incident> effects = sameDate.stream().filter(incident -> lineage.reaches(signal.subject(), incident.subject())).toList();
        if (effects.isEmpty()) {
            return false;
        }
        if (SeverityRules.holdsBack(signal)) {
            becomeTheCause(handle, effects, signal, key);
        } else {
            // A warning upstream (a late file, say) of what is already open: listed there, paging nobody, holding nothing.
            joinAsImpact(handle, effects.get(0), signal, key);
        }
        return true;
    }

    private static boolean correlates(Incident incident) {
        return Kind.parse(incident.kind()).map(Kind::correlates).orElse(false);
    }

    /**
     * The signal's problem was caused by {@code cause}'s (or, for a warning, lies just upstream of it): listed there,
     * paging nobody; when it held something back, the incident's severity rises to the impact's.
     */
    private void joinAsImpact(Handle handle, Incident cause, Signal signal, String key) {
        if (!IncidentStore.update(handle, cause, "signal_count = signal_count + 1")) {
            throw new CursorMoved();
        }
        Impact impact = Impacts.add(handle, cause.id(), key, signal, SeverityRules.checkName(signal.evidence()), rules.severityOf(signal));
        boolean below = lineage.reaches(cause.subject(), signal.subject());
        IncidentStore.event(handle, cause.id(), signal.createdAt(), "impact", null, impact.shown() + (below ? ", caused by #" : ", upstream of #")
                + cause.id() + (impact.count() > 1 ? " (again)" : "") + "; no page of its own");
        if (SeverityRules.holdsBack(signal)) {
            raiseTo(handle, cause.id(), impact.severity(), "impact " + impact.shown(), signal.createdAt());
        }
    }

    /**
     * The signal's problem lies upstream of open incidents: it is their cause. The oldest keeps its id (people were
     * paged with it) and takes the signal's problem as its own, its former problem becoming an impact; the others merge into it.
     */
    private void becomeTheCause(Handle handle, List<Incident> effects, Signal signal, String key) {
        Incident survivor = effects.get(0);
        Impacts.addRootOf(handle, survivor, survivor.id(), signal.createdAt());
        String former = Impacts.what(survivor.subject(), survivor.kind(), survivor.checkName());
        if (!IncidentStore.update(handle, survivor, "incident_key = :key, title = :title, subject = :subject, kind = :kind, check_name = :check, "
                        + "blast_radius = :radius, signal_count = signal_count + 1",
                "key", key, "title", IncidentStore.cut(signal.detail(), 1000), "subject", signal.subject(), "kind", signal.kind().text(),
                "check", SeverityRules.checkName(signal.evidence()), "radius", IncidentStore.cut(rules.blastRadius(signal.subject()).toString(), 4000))) {
            throw new CursorMoved();
        }
        IncidentStore.event(handle, survivor.id(), signal.createdAt(), "cause", null, "the cause lies upstream: " + signal.detail() + "; "
                + former + " is now an impact of it");
        for (Incident other : effects.subList(1, effects.size())) {
            Impacts.merge(handle, IncidentStore.byId(handle, survivor.id()).orElseThrow(), IncidentStore.byId(handle, other.id()).orElseThrow(),
                    "the same cause upstream, " + Impacts.what(signal.subject(), signal.kind().text(), SeverityRules.checkName(signal.evidence())),
                    "pipekeeper", signal.createdAt());
        }
        String highest = rules.severityOf(signal);
        for (Incident effect : effects) {
            highest = rules.higher(highest, effect.severity());
        }
        raiseTo(handle, survivor.id(), highest, "its cause and impacts", signal.createdAt());
    }

    /**
     * Raises the incident's severity to {@code severity} when that is higher: its SLA clocks follow (counted from when
     * it opened) and its waiting escalation timers move with them. Never lowers it.
     */
    void raiseTo(Handle handle, long id, String severity, String why, Instant now) {
        raiseTo(handle, id, severity, "by rule", why, now);
    }

    /** {@link #raiseTo(Handle, long, String, String, Instant)}, saying who raised it ({@code by emily}). */
    void raiseTo(Handle handle, long id, String severity, String by, String why, Instant now) {
        Incident incident = IncidentStore.byId(handle, id).orElseThrow();
        if (!rules.higher(severity, incident.severity()).equals(severity) || severity.equals(incident.severity())) {
            return;
        }
        Sla sla = slaOf(severity);
        if (!IncidentStore.update(handle, incident, "severity = :severity, respond_by = :respond, resolve_by = :resolve",
                "severity", severity, "respond", incident.openedAt().plus(sla.respond()), "resolve", incident.openedAt().plus(sla.resolve()))) {
            throw new IncidentStore.Changed(id);
        }
        Incident raised = IncidentStore.byId(handle, id).orElseThrow();
        IncidentStore.event(handle, id, now, "severity", null, "severity " + incident.severity() + " → " + severity + " " + by + ", for " + why
                + "; respond by " + raised.respondBy() + ", resolve by " + raised.resolveBy());
        escalation.reschedule(handle, raised, now);
    }

    Sla slaOf(String severity) {
        return SeverityRules.slaOf(catalog, severity);
    }

    /**
     * An impact recovers when its run succeeds, or its check passes, after it was added; an incident resolves itself
     * when its own subject's next run, or its check, passes and every impact has recovered. Whoever it paged is told.
     */
    private void resolvePassed(Instant now) {
        for (Passed passed : store.jdbi().withHandle(IncidentLoop::impactsPassed)) {
            store.jdbi().useTransaction(handle -> {
                Optional<Impact> impact = Impacts.of(handle, passed.incidentId()).stream().filter(i -> i.id() == passed.impactId()).findFirst();
                if (impact.isPresent() && !impact.get().recovered()) {
                    Impacts.recovered(handle, passed.impactId(), passed.at());
                    IncidentStore.event(handle, passed.incidentId(), now, "impact", null, "recovered: " + impact.get().shown()
                            + (impact.get().kind().equals("run_blocked") || impact.get().kind().equals("run_failed") ? " ran" : " passed")
                            + " at " + passed.at());
                }
            });
        }
        for (Passed passed : store.jdbi().withHandle(IncidentLoop::passedSinceOpening)) {
            store.jdbi().useTransaction(handle -> {
                Optional<Incident> current = IncidentStore.byId(handle, passed.incidentId()).filter(Incident::open);
                List<Impact> impacts = Impacts.of(handle, passed.incidentId());
                if (current.isEmpty() || impacts.stream().anyMatch(impact -> !impact.recovered() && impact.heldBack())) {
                    return; // its cause cleared; what it held back has not run again yet
                }
                if (IncidentStore.update(handle, current.get(), "status = 'resolved', resolved_at = :now, resolved_by = :by", "now", now, "by", "pipekeeper")) {
                    Incident incident = current.get();
                    String what = incident.checkName().isEmpty() ? "the run of " + incident.date().orElseThrow()
                            : incident.checkName() + " for " + incident.date().orElseThrow();
                    String text = "resolved on its own: " + what + " passed at " + passed.at()
                            + (impacts.stream().noneMatch(Impact::recovered) ? ""
                            : "; recovered too: " + impacts.stream().filter(Impact::recovered).map(Impact::shown).collect(Collectors.joining(", ")));
                    IncidentStore.event(handle, incident.id(), now, "resolved", "pipekeeper", text);
                    Escalation.cancel(handle, incident.id());
                    Outbox.cancelWaiting(handle, incident.id(), true);
                    // Whoever it paged hears that it is over, by the channels that reached them (with what ran again, if anything).
                    escalation.tellRecovered(handle, IncidentStore.byId(handle, incident.id()).orElseThrow(), text,
                            IncidentStore.lastEvent(handle, incident.id(), "recovery"), now);
                }
            });
        }
    }

    private static List<Passed> impactsPassed(Handle handle) {
        String runKinds = java.util.Arrays.stream(Kind.values()).filter(Kind::aboutARun).map(kind -> "'" + kind.text() + "'").sorted()
                .collect(Collectors.joining(", "));
        List<Passed> passed = new java.util.ArrayList<>(handle.createQuery("""
                        SELECT m.id, m.incident_id, min(r.finished_at) AS at FROM incident_impacts m
                        JOIN incidents i ON i.id = m.incident_id AND i.status <> 'resolved'
                        JOIN runs r ON r.pipeline = m.subject AND r.run_date = m.run_date AND r.status = 'succeeded' AND r.finished_at > m.added_at
                        WHERE m.recovered_at IS NULL AND m.kind IN (%s)
                        GROUP BY m.id, m.incident_id ORDER BY m.id
                        """.formatted(runKinds))
                .map((rs, ctx) -> new Passed(rs.getLong("incident_id"), rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant()))
                .list());
        passed.addAll(handle.createQuery("""
                        SELECT m.id, m.incident_id, min(c.created_at) AS at FROM incident_impacts m
                        JOIN incidents i ON i.id = m.incident_id AND i.status <> 'resolved'
                        JOIN check_results c ON c.subject = m.subject AND c.check_name = m.check_name AND c.run_date = m.run_date
                             AND c.status = 'passed' AND c.created_at > m.added_at
                        WHERE m.recovered_at IS NULL AND m.check_name <> ''
                        GROUP BY m.id, m.incident_id ORDER BY m.id
                        """)
                .map((rs, ctx) -> new Passed(rs.getLong("incident_id"), rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant()))
                .list());
        return passed;
    }

    /** An open incident (or one of its impacts: {@code impactId}, else 0) whose subject passed after it opened, and when it first did. */
    private record Passed(long incidentId, long impactId, Instant at) {
        Passed(long incidentId, Instant at) {
            this(incidentId, 0, at);
        }
    }

    /** Every open incident whose run later succeeded, or whose check later passed, for the same day: two queries however many are open. */
    private static List<Passed> passedSinceOpening(Handle handle) {
        String runKinds = java.util.Arrays.stream(Kind.values()).filter(Kind::aboutARun).map(kind -> "'" + kind.text() + "'").sorted().collect(java.util.stream.Collectors.joining(", "));
        // By kind (V23's index): pipekeeper's own incidents, never the outside alerts however many are open (no check of ours names them).
        String ours = java.util.Arrays.stream(Kind.values()).filter(kind -> kind != Kind.ALERT).map(kind -> "'" + kind.text() + "'").sorted().collect(java.util.stream.Collectors.joining(", "));
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
                        WHERE i.status <> 'resolved' AND i.check_name <> '' AND i.kind IN (%s)
                        GROUP BY i.id ORDER BY i.id
                        """.formatted(ours))
                .map((rs, ctx) -> new Passed(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant())).list());
        return passed;
    }
}
