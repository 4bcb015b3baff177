package io.pipekeeper.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.pipekeeper.store.Bell;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one writer of the {@code signals} table, and its one reader's mapping. Whatever notices a problem (a run,
 * a check, the server, a runbook review) raises it here, in its own transaction or inside the caller's.
 */
public final class SignalStore {
    private static final int MAX_EVIDENCE = 8000;
    private static final int MAX_DETAIL = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public SignalStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void raise(PendingSignal signal, Instant now) {
        jdbi.useHandle(handle -> raise(handle, signal, Optional.empty(), now));
    }

    /** Raises {@code signal} inside the caller's transaction, so that it stands or falls with what caused it (a run's end, check results). */
    public static void raise(Handle handle, PendingSignal signal, Optional<Long> runId, Instant now) {
        handle.createUpdate("""
                        INSERT INTO signals (kind, subject, run_date, detail, evidence, run_id, created_at)
                        VALUES (:kind, :subject, :date, :detail, :evidence, :run, :now)
                        """)
                .bind("kind", signal.kind().text())
                .bind("subject", signal.subject())
                .bind("date", signal.date())
                .bind("detail", cut(signal.detail(), MAX_DETAIL))
                .bind("evidence", evidenceJson(signal.evidence()))
                .bind("run", runId.orElse(null))
                .bind("now", utc(now))
                .execute();
        Bell.SIGNALS.ring(handle);
    }

    /** Whether a signal of this kind about this subject was raised for {@code date} (or with no date, when that is null): by the index, not by reading them all. */
    public boolean alreadyRaised(Kind kind, String subject, LocalDate date) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM signals WHERE kind = :kind AND subject = :subject AND "
                        + (date == null ? "run_date IS NULL" : "run_date = :date"))
                .bind("kind", kind.text()).bind("subject", subject).bind("date", date).mapTo(Integer.class).one() > 0);
    }

    /** The latest signal of this kind about this subject, if any. */
    public Optional<Signal> latest(Kind kind, String subject) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals WHERE kind = :kind AND subject = :subject ORDER BY id DESC LIMIT 1")
                .bind("kind", kind.text()).bind("subject", subject).map((rs, ctx) -> signal(rs)).findFirst());
    }

    /** Every signal of one kind about one subject, oldest first. */
    public List<Signal> of(Kind kind, String subject) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals WHERE kind = :kind AND subject = :subject ORDER BY id")
                .bind("kind", kind.text()).bind("subject", subject).map((rs, ctx) -> signal(rs)).list());
    }

    public List<Signal> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals ORDER BY id").map((rs, ctx) -> signal(rs)).list());
    }

    /**
     * Signals raised in [{@code from}, {@code to}), oldest first, at most {@code limit}; of one kind and one subject
     * when those are given. The store filters (by the index on created_at), so a long history costs nothing here.
     */
    public List<Signal> between(Instant from, Instant to, Optional<Kind> kind, Optional<String> subject, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals WHERE created_at >= :from AND created_at < :to"
                        + kind.map(k -> " AND kind = :kind").orElse("") + subject.map(s -> " AND subject = :subject").orElse("")
                        + " ORDER BY created_at, id LIMIT :limit")
                .bind("from", utc(from)).bind("to", utc(to)).bind("kind", kind.map(Kind::text).orElse(null))
                .bind("subject", subject.orElse(null)).bind("limit", limit)
                .map((rs, ctx) -> signal(rs)).list());
    }

    /** The first {@code limit} signals after {@code afterId}, oldest first, inside the caller's transaction: how the incidents loop reads them in order. */
    public static List<Signal> after(Handle handle, long afterId, int limit) {
        return handle.createQuery("SELECT * FROM signals WHERE id > :last ORDER BY id LIMIT :limit")
                .bind("last", afterId).bind("limit", limit).map((rs, ctx) -> signal(rs)).list();
    }

    /** The evidence as JSON, at most {@value #MAX_EVIDENCE} characters and always valid JSON. */
    static String evidenceJson(Map<String, ?> evidence) {
        try {
            String json = JSON.writeValueAsString(evidence);
            return json.length() <= MAX_EVIDENCE ? json
                    : JSON.writeValueAsString(Map.of("truncated", true, "json", json.substring(0, MAX_EVIDENCE - 100)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evidence is maps, lists, strings, numbers and booleans: " + e.getOriginalMessage(), e);
        }
    }

    private static Signal signal(ResultSet rs) throws SQLException {
        return new Signal(rs.getLong("id"), Kind.stored(rs.getString("kind")), rs.getString("subject"),
                Optional.ofNullable(rs.getObject("run_date", LocalDate.class)), rs.getString("detail"),
                rs.getString("evidence"), Optional.ofNullable(rs.getObject("run_id", Long.class)),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
