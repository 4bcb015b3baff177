package io.pipekeeper.spark;

import io.pipekeeper.config.Resources;
import io.pipekeeper.config.Source;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.Dialect;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.engine.EngineFailure;
import io.pipekeeper.engine.EngineSession;
import io.pipekeeper.engine.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs pipelines and checks on Apache Spark: the same SQL over the same files, each input a temporary view of
 * its name in a session of the run's own. One Spark context per process, started at the first Spark run; the
 * output is written as one Parquet file and published like DuckDB's. A run's time limit cancels its jobs; its
 * memory and cores are the cluster's ({@code spark.conf}), not {@code resources.memory} and {@code threads}.
 */
public final class SparkEngine implements Engine {
    static final String NAME = "spark";
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pipekeeper-spark-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final SparkSettings settings;
    private SparkSession spark;

    public SparkEngine(SparkSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Dialect dialect() {
        return SparkDialect.INSTANCE;
    }

    /** The process's Spark session, started on first use with the configured master and settings. */
    synchronized SparkSession spark() {
        if (spark == null) {
            SparkSession.Builder builder = SparkSession.builder()
                    .appName("pipekeeper")
                    .master(settings.master())
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true");
            if (settings.master().startsWith("local")) {
                // 200 shuffle partitions suit a cluster; on one machine they are mostly overhead.
                builder.config("spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
            }
            settings.conf().forEach(builder::config);
            spark = builder.getOrCreate();
        }
        return spark;
    }

    @Override
    public EngineSession open() throws SQLException {
        try {
            return new SparkTables(spark().newSession());
        } catch (Exception e) {
            // Scala throws checked SparkExceptions without declaring them: every exception here is Spark not starting.
            throw new SQLException(notStarted(e), e);
        }
    }

    /** Why Spark did not start, with where it was asked to: a master that cannot be reached, a bad setting. */
    private String notStarted(Exception e) {
        return "Spark did not start at master " + settings.master() + ": " + SparkDiagnosis.firstLine(e)
                + "; check spark.master, spark.conf and the cluster (docs/scaling.md)";
    }

    @Override
    public Execution execute(String pipeline, String sql, List<InputFiles.Resolved> inputs, Resources resources, Path output) {
        long started = System.nanoTime();
        SparkSession session;
        try {
            session = spark().newSession();
        } catch (Exception e) {
            // The cluster may be down for a while: retried like other errors that can pass.
            throw new EngineFailure(EngineFailure.Kind.TRANSIENT, notStarted(e), e);
        }
        SparkContext context = session.sparkContext();
        String jobGroup = "pipekeeper-" + pipeline + "-" + UUID.randomUUID();
        RunMetrics metrics = new RunMetrics(jobGroup);
        AtomicBoolean timedOut = new AtomicBoolean();
        context.addSparkListener(metrics);
        context.setJobGroup(jobGroup, "pipekeeper " + pipeline, true);
        ScheduledFuture<?> timeout = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            context.cancelJobGroup(jobGroup);
        }, resources.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try (SparkTables tables = new SparkTables(session)) {
            long rowsIn = 0;
            for (InputFiles.Resolved input : inputs) {
                tables.view(input.input().name(), input);
                rowsIn += input.format() == Source.Format.CSV ? tables.read(input).count() : tables.parquetRows(input.locations());
            }
            long rowsOut = SingleParquetFile.write(session.sql(sql), output);
            // Task metrics arrive on Spark's listener bus after the jobs end: let it catch up before reading them.
            context.listenerBus().waitUntilEmpty();
            return new Execution(rowsIn, rowsOut, Files.size(output), metrics.cpuMillis(), metrics.peakMemoryBytes(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new EngineFailure(EngineFailure.Kind.TRANSIENT, "I/O error in " + pipeline + ": " + e.getMessage(), e);
        } catch (Exception e) {
            // A view's SQLException wraps Spark's own exception, whose class and message the diagnosis reads.
            Throwable cause = e instanceof SQLException && e.getCause() != null ? e.getCause() : e;
            throw SparkDiagnosis.of(pipeline, cause, resources, timedOut.get());
        } finally {
            timeout.cancel(false);
            context.clearJobGroup();
            context.removeSparkListener(metrics);
        }
    }

    @Override
    public synchronized void close() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
