package io.pipekeeper.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.pipekeeper.notify.Outbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Incidents and their timelines. Changes run inside the caller's transaction and check the version. */
public final class IncidentStore {
    private final Jdbi jdbi;

    public IncidentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    static Optional<Incident> openByKey(Handle handle, String key) {
        return handle.createQuery("SELECT * FROM incidents WHERE incident_key = :key AND status <> 'resolved' ORDER BY id DESC")
                .bind("key", key).map((rs, ctx) -> incident(rs)).findFirst();
    }

    /** Thrown to roll a transaction back when an incident changed under it (its version moved). */
    static final class Changed extends RuntimeException {
        Changed(long id) {
            super("incident #" + id + " changed meanwhile", null, false, false);
        }
    }

    /** The open incidents about one data date, oldest first. */
    static List<Incident> openOn(Handle handle, LocalDate date) {
        return handle.createQuery("SELECT * FROM incidents WHERE run_date = :date AND status <> 'resolved' ORDER BY id")
                .bind("date", date).map((rs, ctx) -> incident(rs)).list();
    }

    /** The text of the incident's latest event of this kind, if any. */
    static Optional<String> lastEvent(Handle handle, long id, String kind) {
        return handle.createQuery("SELECT text FROM incident_events WHERE incident_id = :id AND kind = :kind ORDER BY id DESC LIMIT 1")
                .bind("id", id).bind("kind", kind).mapTo(String.class).findFirst();
    }

    /** A line on an open incident's timeline from what acts on it from above (a recovery's re-runs); false when it is not open. */
    public boolean note(long id, String kind, String text, Instant at) {
        return jdbi.inTransaction(handle -> {
            if (byId(handle, id).filter(Incident::open).isEmpty()) {
                return false;
            }
            event(handle, id, at, kind, null, text);
            return true;
        });
    }

    /** What the incident's cause held back downstream, in the order it was found. */
    public List<Impact> impacts(long id) {
        return jdbi.withHandle(handle -> Impacts.of(handle, id));
    }

    static Optional<Incident> byId(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM incidents WHERE id = :id").bind("id", id).map((rs, ctx) -> incident(rs)).findOne();
    }

    /** The open incident with this key, if any. */
    public Optional<Incident> findOpen(String key) {
        return jdbi.withHandle(handle -> openByKey(handle, key));
    }

    public Optional<Incident> find(long id) {
        return jdbi.withHandle(handle -> byId(handle, id));
    }

    public List<Incident> list(boolean openOnly) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incidents" + (openOnly ? " WHERE status <> 'resolved'" : "")
                        + " ORDER BY id")
                .map((rs, ctx) -> incident(rs)).list());
    }

    /**
     * The open incidents about a data date, of the given kinds, oldest first: what automatic recovery watches. Outside
     * alerts, which may be open by the hundred thousand, have no date and are not read.
     */
    public List<Incident> openAboutDates(List<String> kinds) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incidents WHERE status IN ('triggered', 'acknowledged')"
                        + " AND run_date IS NOT NULL AND kind IN (<kinds>) ORDER BY id")
                .bindList("kinds", kinds).map((rs, ctx) -> incident(rs)).list());
    }

    /** The incidents opened in [{@code from}, {@code to}), oldest first. */
    public List<Incident> openedBetween(Instant from, Instant to) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incidents WHERE opened_at >= :from AND opened_at < :to ORDER BY id")
                .bind("from", utc(from)).bind("to", utc(to)).map((rs, ctx) -> incident(rs)).list());
    }

    public List<Incident.Event> timeline(long id) {
        return jdbi.withHandle(handle -> {
            List<Incident.Event> events = new ArrayList<>(handle.createQuery("SELECT * FROM incident_events WHERE incident_id = :id ORDER BY id")
                    .bind("id", id)
                    .map((rs, ctx) -> new Incident.Event(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("kind"),
                            Optional.ofNullable(rs.getString("actor")), rs.getString("text")))
                    .list());
            Outbox.deliveries(handle, id).forEach(delivery -> events.add(new Incident.Event(delivery.at(), "delivery", Optional.empty(), delivery.text())));
            events.sort(Comparator.comparing(Incident.Event::at)); // stable: each source keeps its own order within an instant
            return events;
        });
    }

    static long insert(Handle handle, String key, String title, String severity, String subject, String kind, String checkName, LocalDate date,
                       Instant openedAt, Instant respondBy, Instant resolveBy, String blastRadius) {
        return handle.createUpdate("""
                        INSERT INTO incidents (incident_key, title, severity, status, subject, kind, check_name, run_date, opened_at, respond_by,
                                               resolve_by, signal_count, blast_radius, version)
                        VALUES (:key, :title, :severity, 'triggered', :subject, :kind, :check, :date, :opened, :respond, :resolve, 1, :radius, 1)
                        """)
                .bind("key", key).bind("title", cut(title, 1000)).bind("severity", severity).bind("subject", subject).bind("kind", kind).bind("check", checkName)
                .bind("date", date).bind("opened", utc(openedAt)).bind("respond", utc(respondBy)).bind("resolve", utc(resolveBy))
                .bind("radius", cut(blastRadius, 4000))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Applies {@code set} (SQL assignments) when the incident still has {@code version}; false when someone changed it first. */
    static boolean update(Handle handle, Incident incident, String set, Object... bindings) {
        var update = handle.createUpdate("UPDATE incidents SET " + set + ", version = version + 1 WHERE id = :id AND version = :version")
                .bind("id", incident.id()).bind("version", incident.version());
        for (int i = 0; i + 1 < bindings.length; i += 2) {
            Object value = bindings[i + 1];
            update.bind((String) bindings[i], value instanceof Instant instant ? utc(instant) : value);
        }
        return update.execute() == 1;
    }

    public static void event(Handle handle, long incidentId, Instant at, String kind, String actor, String text) {
        handle.createUpdate("INSERT INTO incident_events (incident_id, at, kind, actor, text) VALUES (:id, :at, :kind, :actor, :text)")
                .bind("id", incidentId).bind("at", utc(at)).bind("kind", kind).bind("actor", actor).bind("text", cut(text, 4000)).execute();
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        return new Incident(rs.getLong("id"), rs.getString("incident_key"), rs.getString("title"), rs.getString("severity"),
                Incident.Status.valueOf(rs.getString("status").toUpperCase()), rs.getString("subject"), rs.getString("kind"),
                Optional.ofNullable(rs.getObject("run_date", LocalDate.class)), instant(rs, "opened_at").orElseThrow(),
                instant(rs, "respond_by").orElseThrow(), instant(rs, "resolve_by").orElseThrow(), instant(rs, "acknowledged_at"),
                Optional.ofNullable(rs.getString("acknowledged_by")), instant(rs, "resolved_at"), Optional.ofNullable(rs.getString("resolved_by")),
                rs.getInt("signal_count"), rs.getString("blast_radius"), Optional.ofNullable(rs.getString("check_name")).orElse(""),
                rs.getLong("version"), Optional.ofNullable(rs.getObject("merged_into", Long.class)));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
