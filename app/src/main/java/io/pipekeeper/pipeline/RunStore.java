package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Engine;
import io.pipekeeper.quality.CheckStore;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.SignalStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Runs, and the daily table measures their checks keep. A run's end and its signal are written in one transaction. */
public final class RunStore {
    private final Jdbi jdbi;

    public RunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The signals on the same store: what runs raise besides the run's own end. */
    public SignalStore signals() {
        return new SignalStore(jdbi);
    }

    /** The check results on the same store, written with their signals. */
    public CheckStore checks() {
        return new CheckStore(jdbi);
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
            signal.ifPresent(s -> SignalStore.raise(handle, s, Optional.of(runId), now));
        });
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
