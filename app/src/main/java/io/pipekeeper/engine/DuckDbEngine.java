package io.pipekeeper.engine;

import com.sun.management.OperatingSystemMXBean;
import io.pipekeeper.config.Resources;
import io.pipekeeper.config.Source;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Runs a pipeline's SQL in an in-process DuckDB, one fresh in-memory database per run, within the
 * pipeline's memory, thread and time limits, and writes the result to a Parquet file. Each input becomes a
 * view of its name over its files.
 */
public final class DuckDbEngine implements Engine {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pipekeeper-duckdb-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public String name() {
        return Engines.DUCKDB;
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    @Override
    public EngineSession open() throws SQLException {
        return new DuckDbSession();
    }

    @Override
    public Execution execute(String pipeline, String sql, List<InputFiles.Resolved> inputs, Resources resources, Path output) {
        long cpuBefore = OS.getProcessCpuTime();
        long started = System.nanoTime();
        AtomicLong peakMemory = new AtomicLong();
        AtomicBoolean timedOut = new AtomicBoolean();
        Path spill = null;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Connection probe = ((DuckDBConnection) connection).duplicate();
             Statement statement = connection.createStatement()) {
            spill = Files.createTempDirectory("pipekeeper-spill-");
            statement.execute("SET memory_limit = '" + resources.memoryBytes() / (1 << 20) + "MB'");
            statement.execute("SET threads = " + resources.threads());
            statement.execute("SET temp_directory = '" + spill + "'");
            long rowsIn = 0;
            for (InputFiles.Resolved input : inputs) {
                statement.execute("CREATE VIEW " + quote(input.input().name()) + " AS SELECT * FROM " + DuckDbSession.readerOf(input)
                        + input.cleanRows().map(condition -> " WHERE " + condition).orElse(""));
                rowsIn += countRows(statement, input);
            }
            ScheduledFuture<?> memoryProbe = probeMemory(probe, peakMemory);
            ScheduledFuture<?> timeout = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                cancel(statement);
            }, resources.timeout().toMillis(), TimeUnit.MILLISECONDS);
            long rowsOut;
            try {
                rowsOut = statement.executeLargeUpdate("COPY (" + sql + ") TO '" + output + "' (FORMAT parquet)");
            } finally {
                timeout.cancel(false);
                memoryProbe.cancel(false);
            }
            return new Execution(rowsIn, rowsOut, Files.size(output), (OS.getProcessCpuTime() - cpuBefore) / 1_000_000,
                    peakMemory.get(), Duration.ofNanos(System.nanoTime() - started));
        } catch (SQLException e) {
            throw diagnose(pipeline, e, resources, timedOut.get());
        } catch (IOException e) {
            throw new EngineFailure(EngineFailure.Kind.TRANSIENT, "I/O error in " + pipeline + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(spill);
        }
    }

    private static long countRows(Statement statement, InputFiles.Resolved input) throws SQLException {
        String query = input.format() == Source.Format.CSV
                ? "SELECT count(*) FROM " + quote(input.input().name())
                : "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(" + input.locations().stream()
                        .map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]")) + ")";
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Samples the engine's memory every 50 ms from a second connection to the same database. */
    private static ScheduledFuture<?> probeMemory(Connection probe, AtomicLong peak) {
        return WATCHDOG.scheduleAtFixedRate(() -> {
            try (Statement statement = probe.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")) {
                rows.next();
                peak.accumulateAndGet(rows.getLong(1), Math::max);
            } catch (SQLException e) {
                // the run is ending; the last sample stands
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // the query ended on its own
        }
    }

    static EngineFailure diagnose(String pipeline, SQLException e, Resources resources, boolean timedOut) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        String firstLine = message.lines().findFirst().orElse(message);
        if (timedOut) {
            return new EngineFailure(EngineFailure.Kind.TIMEOUT, "ran out of time at the " + durationText(resources.timeout())
                    + " limit in " + pipeline + "; raise resources.timeout, or move it to the spark engine", e);
        }
        if (message.contains("Out of Memory")) {
            return new EngineFailure(EngineFailure.Kind.OUT_OF_MEMORY, "ran out of memory at the " + resources.memoryText()
                    + " limit in " + pipeline + "; raise resources.memory, or move it to the spark engine (" + firstLine + ")", e);
        }
        if (message.contains("too small to be a Parquet file") || message.contains("No magic bytes found")) {
            return new EngineFailure(EngineFailure.Kind.TRANSIENT, pipeline + " read a file that is not a whole Parquet file"
                    + " (still being written, or corrupt): " + firstLine, e);
        }
        if (message.startsWith("IO Error") || message.contains("IO Error:")) {
            return new EngineFailure(EngineFailure.Kind.TRANSIENT, "I/O error in " + pipeline + ": " + firstLine, e);
        }
        return new EngineFailure(EngineFailure.Kind.PERMANENT, pipeline + " failed: " + firstLine, e);
    }

    private static String durationText(Duration duration) {
        return io.pipekeeper.config.Durations.format(duration);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it
        }
    }
}
