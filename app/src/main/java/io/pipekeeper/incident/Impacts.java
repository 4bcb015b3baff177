package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.Signal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code incident_impacts} table, and moving impacts when incidents merge or split. Everything runs in the caller's transaction. */
final class Impacts {
    private Impacts() {
    }

    /** What happened to what, in words: {@code aggregate_profit run blocked}, {@code orders check not_null(user_id) failed}. */
    static String what(String subject, String kind, String checkName) {
        boolean aboutARun = Kind.parse(kind).map(Kind::aboutARun).orElse(false);
        return !aboutARun && !checkName.isEmpty() ? subject + " check " + checkName + " failed" : subject + " " + kind.replace('_', ' ');
    }

    static List<Impact> of(Handle handle, long incidentId) {
        return handle.createQuery("SELECT * FROM incident_impacts WHERE incident_id = :id ORDER BY id").bind("id", incidentId)
                .map((rs, ctx) -> impact(rs)).list();
    }

    static Optional<Impact> byKey(Handle handle, long incidentId, String key) {
        return handle.createQuery("SELECT * FROM incident_impacts WHERE incident_id = :id AND impact_key = :key").bind("id", incidentId)
                .bind("key", key).map((rs, ctx) -> impact(rs)).findFirst();
    }

    /** Adds the signal's problem as an impact, or counts it again (and opens it again, when it had recovered) if it is one already. */
    static Impact add(Handle handle, long incidentId, String key, Signal signal, String checkName, String severity) {
        Optional<Impact> known = byKey(handle, incidentId, key);
        if (known.isPresent()) {
            // Counted again; a recovered impact failing again is open again, from now.
            handle.createUpdate("""
                            UPDATE incident_impacts SET signal_count = signal_count + 1, detail = :detail,
                                   added_at = CASE WHEN recovered_at IS NULL THEN added_at ELSE :at END, recovered_at = NULL
                            WHERE id = :id""")
                    .bind("id", known.get().id()).bind("detail", IncidentStore.cut(signal.detail(), 4000))
                    .bind("at", IncidentStore.utc(signal.createdAt())).execute();
        } else {
            insert(handle, incidentId, key, signal.subject(), signal.kind().text(), checkName, signal.date().orElse(null), severity,
                    signal.detail(), 1, signal.createdAt());
        }
        return byKey(handle, incidentId, key).orElseThrow();
    }

    /** Turns an incident's own problem into an impact of {@code survivor} (its cause lies upstream, or a person merged them). */
    static void addRootOf(Handle handle, Incident absorbed, long survivor, Instant now) {
        Optional<Impact> known = byKey(handle, survivor, absorbed.key());
        if (known.isEmpty()) {
            insert(handle, survivor, absorbed.key(), absorbed.subject(), absorbed.kind(), absorbed.checkName(), absorbed.date().orElse(null),
                    absorbed.severity(), absorbed.title(), absorbed.count(), now);
        }
    }

    /** Moves every impact of {@code from} to {@code to}. */
    static void move(Handle handle, long from, long to) {
        handle.createUpdate("UPDATE incident_impacts SET incident_id = :to WHERE incident_id = :from").bind("from", from).bind("to", to).execute();
    }

    /** Adds a copy of {@code impact} to another incident (a split takes several impacts of one subject along). */
    static void copyTo(Handle handle, Impact impact, long incidentId) {
        insert(handle, incidentId, impact.key(), impact.subject(), impact.kind(), impact.checkName(), impact.date().orElse(null),
                impact.severity(), impact.detail(), impact.count(), impact.addedAt());
    }

    static void remove(Handle handle, long impactId) {
        handle.createUpdate("DELETE FROM incident_impacts WHERE id = :id").bind("id", impactId).execute();
    }

    static void recovered(Handle handle, long impactId, Instant at) {
        handle.createUpdate("UPDATE incident_impacts SET recovered_at = :at WHERE id = :id AND recovered_at IS NULL")
                .bind("id", impactId).bind("at", IncidentStore.utc(at)).execute();
    }

    /**
     * Absorbs {@code absorbed} into {@code survivor}: its problem and impacts become the survivor's impacts, it is resolved
     * naming the survivor, and its waiting timers and pages are cancelled; both timelines say so.
     */
    static void merge(Handle handle, Incident survivor, Incident absorbed, String why, String by, Instant now) {
        addRootOf(handle, absorbed, survivor.id(), now);
        move(handle, absorbed.id(), survivor.id());
        if (!IncidentStore.update(handle, absorbed, "status = 'resolved', resolved_at = :now, resolved_by = :by, merged_into = :into",
                "now", now, "by", by, "into", survivor.id())) {
            throw new IncidentStore.Changed(absorbed.id());
        }
        IncidentStore.event(handle, absorbed.id(), now, "merged", by, "merged into #" + survivor.id() + ": " + why);
        IncidentStore.event(handle, survivor.id(), now, "merged", by, "#" + absorbed.id() + " (" + what(absorbed.subject(), absorbed.kind(),
                absorbed.checkName()) + absorbed.date().map(d -> " for " + d).orElse("") + ") merged in: " + why);
        Escalation.cancel(handle, absorbed.id());
        Outbox.cancelWaiting(handle, absorbed.id(), true);
    }

    private static void insert(Handle handle, long incidentId, String key, String subject, String kind, String checkName, LocalDate date,
                               String severity, String detail, int count, Instant at) {
        handle.createUpdate("""
                        INSERT INTO incident_impacts (incident_id, impact_key, subject, kind, check_name, run_date, severity, detail, signal_count, added_at)
                        VALUES (:incident, :key, :subject, :kind, :check, :date, :severity, :detail, :count, :at)
                        """)
                .bind("incident", incidentId).bind("key", key).bind("subject", subject).bind("kind", kind).bind("check", checkName)
                .bind("date", date).bind("severity", severity).bind("detail", IncidentStore.cut(detail, 4000)).bind("count", count)
                .bind("at", IncidentStore.utc(at)).execute();
    }

    private static Impact impact(ResultSet rs) throws SQLException {
        return new Impact(rs.getLong("id"), rs.getLong("incident_id"), rs.getString("impact_key"), rs.getString("subject"), rs.getString("kind"),
                rs.getString("check_name"), Optional.ofNullable(rs.getObject("run_date", LocalDate.class)), rs.getString("severity"),
                rs.getString("detail"), rs.getInt("signal_count"), rs.getObject("added_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject("recovered_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }
}
