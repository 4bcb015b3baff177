package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Runs and the signals they raise. A run's end and its signal are written in one transaction. */
public final class RunStore {
    private final Jdbi jdbi;

    public RunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records that a run began; a crash leaves it 'running' until {@link #closeInterrupted}. */
    public long start(String pipeline, LocalDate date, String engine, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO runs (pipeline, run_date, status, attempts, started_at, engine)
                        VALUES (:pipeline, :date, 'running', 0, :now, :engine)
                        """)
                .bind("pipeline", pipeline)
                .bind("engine", engine)
                .bind("date", date)
                .bind("now", utc(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    /** The end of a run, and its signal when it did not succeed, together or not at all. */
    public void finish(long runId, Run.Status status, int attempts, Instant now, Engine.Execution execution,
                       String output, String error, Optional<PendingSignal> signal) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE runs SET status = :status, attempts = :attempts, finished_at = :now, wall_ms = :wall,
                                   cpu_ms = :cpu, peak_memory_bytes = :memory, rows_in = :rowsIn, rows_out = :rowsOut,
                                   bytes_written = :bytes, output = :output, error = :error
                            WHERE id = :id AND status = 'running'
                            """)
                    .bind("id", runId)
                    .bind("status", status.text())
                    .bind("attempts", attempts)
                    .bind("now", utc(now))
                    .bind("wall", execution == null ? null : execution.wall().toMillis())
                    .bind("cpu", execution == null ? null : execution.cpuMillis())
                    .bind("memory", execution == null ? null : execution.peakMemoryBytes())
                    .bind("rowsIn", execution == null ? null : execution.rowsIn())
                    .bind("rowsOut", execution == null ? null : execution.rowsOut())
                    .bind("bytes", execution == null ? null : execution.bytesWritten())
                    .bind("output", output)
                    .bind("error", truncate(error, 4000))
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("run " + runId + " is not running any more");
            }
            signal.ifPresent(s -> insertSignal(handle, s, runId, now));
        });
    }

    /** A signal about to be raised; its evidence is written as JSON by the store. */
    public record PendingSignal(String kind, String subject, LocalDate date, String detail, Map<String, ?> evidence) {
        public PendingSignal {
            evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence)); // values may be null
        }
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

    private static final int MAX_EVIDENCE = 8000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public void raise(PendingSignal signal, Instant now) {
        jdbi.useHandle(handle -> insertSignal(handle, signal, null, now));
    }

    private static void insertSignal(Handle handle, PendingSignal signal, Long runId, Instant now) {
        handle.createUpdate("""
                        INSERT INTO signals (kind, subject, run_date, detail, evidence, run_id, created_at)
                        VALUES (:kind, :subject, :date, :detail, :evidence, :run, :now)
                        """)
                .bind("kind", signal.kind())
                .bind("subject", signal.subject())
                .bind("date", signal.date())
                .bind("detail", truncate(signal.detail(), 4000))
                .bind("evidence", evidenceJson(signal.evidence()))
                .bind("run", runId)
                .bind("now", utc(now))
                .execute();
    }

    /** Check results and the signals of those that did not pass, in one transaction. */
    public void saveChecks(List<CheckResult> results, Instant now) {
        new CheckStore(jdbi).save(results, now);
    }

    /** A table's daily measures for distribution checks, replacing what was kept for that day. */
    public void saveMetrics(String subject, LocalDate date, Map<String, Double> metrics, Instant now) {
        if (metrics.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM table_metrics WHERE subject = :subject AND run_date = :date")
                    .bind("subject", subject).bind("date", date).execute();
            metrics.forEach((metric, value) -> handle.createUpdate("""
                            INSERT INTO table_metrics (subject, metric, run_date, metric_value, created_at)
                            VALUES (:subject, :metric, :date, :value, :now)
                            """)
                    .bind("subject", subject).bind("metric", metric).bind("date", date).bind("value", value).bind("now", utc(now))
                    .execute());
        });
    }

    /** The kept values of one measure on the given days, for {@link io.pipekeeper.quality.CheckRunner.MetricHistory}. */
    public List<Double> metricValues(String subject, String metric, List<LocalDate> days) {
        if (days.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT metric_value FROM table_metrics
                        WHERE subject = :subject AND metric = :metric AND run_date IN (<days>)
                        """)
                .bind("subject", subject)
                .bind("metric", metric)
                .bindList("days", days)
                .mapTo(Double.class)
                .list());
    }

    /** Closes runs a crashed process left 'running'; returns how many. */
    public int closeInterrupted(Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE runs SET status = 'failed', finished_at = :now,
                               error = 'interrupted: the process running it stopped before it finished'
                        WHERE status = 'running'
                        """)
                .bind("now", utc(now))
                .execute());
    }

    public List<Run> runs(Optional<String> pipeline, Optional<LocalDate> from, Optional<LocalDate> to) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM runs
                        WHERE (:pipeline IS NULL OR pipeline = :pipeline)
                          AND (CAST(:from AS DATE) IS NULL OR run_date >= :from)
                          AND (CAST(:to AS DATE) IS NULL OR run_date <= :to)
                        ORDER BY run_date, started_at, id
                        """)
                .bind("pipeline", pipeline.orElse(null))
                .bind("from", from.orElse(null))
                .bind("to", to.orElse(null))
                .map((rs, ctx) -> run(rs))
                .list());
    }

    public List<Signal> signals() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals ORDER BY id").map((rs, ctx) -> signal(rs)).list());
    }

    /** Every signal of one kind about one subject, oldest first: whether one was raised already, without reading all of them. */
    public List<Signal> signals(String kind, String subject) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals WHERE kind = :kind AND subject = :subject ORDER BY id")
                .bind("kind", kind).bind("subject", subject).map((rs, ctx) -> signal(rs)).list());
    }

    /**
     * Signals raised in [{@code from}, {@code to}), oldest first, at most {@code limit}; of one kind and one subject
     * when those are given. The store filters (by the index on created_at), so a long history costs nothing here.
     */
    public List<Signal> signals(Instant from, Instant to, Optional<String> kind, Optional<String> subject, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM signals WHERE created_at >= :from AND created_at < :to"
                        + kind.map(k -> " AND kind = :kind").orElse("") + subject.map(s -> " AND subject = :subject").orElse("")
                        + " ORDER BY created_at, id LIMIT :limit")
                .bind("from", utc(from)).bind("to", utc(to)).bind("kind", kind.orElse(null)).bind("subject", subject.orElse(null))
                .bind("limit", limit)
                .map((rs, ctx) -> signal(rs)).list());
    }

    private static Signal signal(ResultSet rs) throws SQLException {
        return new Signal(rs.getLong("id"), rs.getString("kind"), rs.getString("subject"),
                Optional.ofNullable(rs.getObject("run_date", LocalDate.class)), rs.getString("detail"),
                rs.getString("evidence"), Optional.ofNullable(rs.getObject("run_id", Long.class)),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Run run(ResultSet rs) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new Run(rs.getLong("id"), rs.getString("pipeline"), rs.getObject("run_date", LocalDate.class),
                Run.Status.parse(rs.getString("status")), rs.getInt("attempts"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(finished).map(OffsetDateTime::toInstant),
                rs.getLong("wall_ms"), rs.getLong("cpu_ms"), rs.getLong("peak_memory_bytes"), rs.getLong("rows_in"),
                rs.getLong("rows_out"), rs.getLong("bytes_written"), Optional.ofNullable(rs.getString("output")),
                Optional.ofNullable(rs.getString("error")), rs.getString("engine"));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
