package io.pipekeeper.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The {@code recoveries} table: found once per incident and cause, claimed by one process, finished with what ran. */
public final class RecoveryStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public RecoveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records that a cause of the incident cleared; false when that cause was recorded already (it recovers once). */
    boolean found(long incidentId, LocalDate date, String cause, String causeText, Instant now) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO recoveries (incident_id, run_date, cause, cause_text, status, found_at, run_ids)
                            VALUES (:incident, :date, :cause, :text, 'pending', :now, '')
                            """)
                    .bind("incident", incidentId).bind("date", date).bind("cause", cause).bind("text", causeText).bind("now", utc(now)).execute());
            return true;
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Whether a recovery of the incident is waiting or running: what it re-runs must not be taken for a new cause meanwhile. */
    boolean inProgress(long incidentId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM recoveries WHERE incident_id = :incident AND status IN ('pending', 'running')")
                .bind("incident", incidentId).mapTo(Integer.class).one() > 0);
    }

    /** Whether this cause of the incident was recorded already. */
    boolean known(long incidentId, String cause) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM recoveries WHERE incident_id = :incident AND cause = :cause")
                .bind("incident", incidentId).bind("cause", cause).mapTo(Integer.class).one() > 0);
    }

    /** Takes the oldest pending recovery for this process, keeping when it first started (a resumed one keeps its start). */
    Optional<Recovery> claimNext(Instant now) {
        while (true) {
            Optional<Recovery> next = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM recoveries WHERE status = 'pending' ORDER BY id LIMIT 1")
                    .map((rs, ctx) -> recovery(rs)).findFirst());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            int claimed = jdbi.withHandle(handle -> handle.createUpdate("""
                            UPDATE recoveries SET status = 'running', started_at = COALESCE(started_at, :now) WHERE id = :id AND status = 'pending'
                            """)
                    .bind("id", next.get().id()).bind("now", utc(now)).execute());
            if (claimed == 1) {
                return find(next.get().id());
            }
        }
    }

    /** Records a run the recovery started, as soon as it ends, so that a resumed recovery knows it. */
    void ran(long id, long runId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE recoveries SET run_ids = CASE WHEN run_ids = '' THEN :run ELSE run_ids || ',' || :run END WHERE id = :id
                        """)
                .bind("id", id).bind("run", String.valueOf(runId)).execute());
    }

    void finish(long id, boolean succeeded, String summary, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE recoveries SET status = :status, summary = :summary, finished_at = :now WHERE id = :id")
                .bind("id", id).bind("status", (succeeded ? Recovery.Status.DONE : Recovery.Status.FAILED).text())
                .bind("summary", summary.length() <= 4000 ? summary : summary.substring(0, 3999) + "…").bind("now", utc(now)).execute());
    }

    /** Recoveries a stopped process left running go back to pending, to be finished; returns how many. */
    public int resumeInterrupted() {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE recoveries SET status = 'pending' WHERE status = 'running'").execute());
    }

    /** Every run the incident's recoveries started: a run of the root's pipeline among them does not count as its cause clearing by hand. */
    List<Long> runsOf(long incidentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT run_ids FROM recoveries WHERE incident_id = :incident")
                        .bind("incident", incidentId).mapTo(String.class).list()).stream()
                .flatMap(ids -> Arrays.stream(ids.split(","))).filter(id -> !id.isEmpty()).map(Long::valueOf).toList();
    }

    public Optional<Recovery> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM recoveries WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> recovery(rs)).findFirst());
    }

    /** An incident's recoveries, oldest first. */
    public List<Recovery> of(long incidentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM recoveries WHERE incident_id = :incident ORDER BY id")
                .bind("incident", incidentId).map((rs, ctx) -> recovery(rs)).list());
    }

    private static Recovery recovery(ResultSet rs) throws SQLException {
        String ids = rs.getString("run_ids");
        return new Recovery(rs.getLong("id"), rs.getLong("incident_id"), rs.getObject("run_date", LocalDate.class), rs.getString("cause"),
                rs.getString("cause_text"), Recovery.Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                rs.getObject("found_at", OffsetDateTime.class).toInstant(), instant(rs, "started_at"), instant(rs, "finished_at"),
                ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).collect(Collectors.toList()),
                Optional.ofNullable(rs.getString("summary")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
