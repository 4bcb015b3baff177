package io.pipekeeper.spark;

import static io.pipekeeper.spark.SeedOnBothEngines.CLEAN;
import static io.pipekeeper.spark.SeedOnBothEngines.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.DuckDbEngine;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.quality.CheckRunner;
import io.pipekeeper.store.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's five pipelines and every check on a real Spark standalone cluster: a master and two workers, each a JVM
 * of its own started from this module's jars on loopback, the executors started by the workers. Outputs and verdicts
 * must be DuckDB's, as {@link SameResultsOnSparkTest} holds them for local[2].
 */
class SparkClusterIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final List<String> PIPELINES = List.of("unit_profit", "aggregate_profit", "daily_growth", "aggregate_growth", "aggregate_engagement");
    private static final List<String> SOURCES = List.of("users", "orders", "product_costs", "events");

    @TempDir
    static Path dir;
    static final List<Process> CLUSTER = new ArrayList<>();
    static String master;
    static Catalog onDuckDb;
    static Catalog onCluster;
    static Engines duckDb;
    static Engines cluster;
    static Store duckStore;
    static Store clusterStore;
    static List<Run> duckRuns;
    static List<Run> clusterRuns;

    @BeforeAll
    static void startTheClusterAndRunTheSeedOnIt() throws Exception {
        // What a worker needs to start executors: SPARK_HOME with the jars in jars/ (the module's libraries and itself).
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.createSymbolicLink(sparkHome.resolve(jar.getFileName()), jar);
            }
        }
        Files.createSymbolicLink(sparkHome.resolve("pipekeeper-spark.jar"), TARGET.resolve("pipekeeper-spark.jar"));
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        CLUSTER.add(start(sparkHome.getParent(), "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        awaitLog("master", "I have been elected leader");
        for (String worker : List.of("worker-1", "worker-2")) {
            CLUSTER.add(start(sparkHome.getParent(), worker, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", Files.createDirectories(dir.resolve(worker + "-work")).toString(), master));
        }
        awaitLog("worker-1", "Successfully registered with master");
        awaitLog("worker-2", "Successfully registered with master");

        Path raw = dir.resolve("raw");
        onDuckDb = SeedOnBothEngines.seed(dir.resolve("duckdb"), raw, UnaryOperator.identity());
        SparkSettings settings = new SparkSettings(master, Map.of("spark.executor.memory", "512m", "spark.executor.cores", "1",
                "spark.driver.host", "127.0.0.1"));
        onCluster = SeedOnBothEngines.seed(dir.resolve("cluster"), raw, UnaryOperator.identity()).onEngine("spark", settings);
        SeedOnBothEngines.generate(onDuckDb);
        duckDb = Engines.of(new DuckDbEngine());
        cluster = Engines.of(new DuckDbEngine(), new SparkEngine(settings));
        duckStore = SeedOnBothEngines.store(dir.resolve("duckdb"));
        clusterStore = SeedOnBothEngines.store(dir.resolve("cluster"));
        duckRuns = new PipelineRunner(onDuckDb, new RunStore(duckStore.jdbi()), duckDb, d -> { }, Instant::now).run(List.of(), CLEAN);
        clusterRuns = new PipelineRunner(onCluster, new RunStore(clusterStore.jdbi()), cluster, d -> { }, Instant::now).run(List.of(), CLEAN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (duckStore != null) {
            duckStore.close();
            clusterStore.close();
        }
        for (Process process : CLUSTER) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * A JVM of the cluster, on the module's class path (servlet API 5 after the rest, as the launcher puts it), logging
     * Spark's INFO lines (pipekeeper's own set-up keeps other libraries to WARN), which say when it is up.
     */
    private static Process start(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        Path logback = dir.resolve("logback-cluster.xml");
        if (!Files.exists(logback)) {
            Files.writeString(logback, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlogback.configurationFile=" + logback, "-cp", TARGET.resolve("lib") + "/*:" + TARGET.resolve("lib-last") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static void awaitLog(String name, String line) throws Exception {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not say '" + line + "' in 120 s:\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void every_pipeline_writes_the_same_rows_and_types_on_the_cluster_as_on_duckdb() throws Exception {
        for (String pipeline : PIPELINES) {
            assertThat(status(duckRuns, pipeline)).as(pipeline).isEqualTo(Run.Status.SUCCEEDED);
            assertThat(status(clusterRuns, pipeline)).as(pipeline + ": " + error(clusterRuns, pipeline)).isEqualTo(Run.Status.SUCCEEDED);
            Tables.Table duck = Tables.read(Publisher.outputFile(onDuckDb.storage().warehouse(), pipeline, CLEAN));
            Tables.Table spark = Tables.read(Publisher.outputFile(onCluster.storage().warehouse(), pipeline, CLEAN));
            assertThat(duck.rows()).as(pipeline).isNotEmpty();
            assertThat(spark.types()).as(pipeline).isEqualTo(duck.types());
            Tables.assertSameRows(spark, duck);
        }
        Run run = clusterRuns.stream().filter(r -> r.pipeline().equals("unit_profit")).findFirst().orElseThrow();
        assertThat(run.engine()).isEqualTo("spark");
    }

    @Test
    void every_check_gives_the_same_verdict_on_the_cluster_on_a_clean_day_and_a_faulty_one() {
        for (String source : SOURCES) {
            for (LocalDate day : List.of(CLEAN, FAULTY)) {
                SameResultsOnSparkTest.assertSameOutcome(
                        new CheckRunner(onCluster, cluster, CheckRunner.MetricHistory.NONE).checkSource(source, day),
                        new CheckRunner(onDuckDb, duckDb, CheckRunner.MetricHistory.NONE).checkSource(source, day));
            }
        }
        for (String pipeline : PIPELINES) {
            SameResultsOnSparkTest.assertSameOutcome(
                    new CheckRunner(onCluster, cluster, CheckRunner.MetricHistory.NONE)
                            .checkOutput(pipeline, CLEAN, Publisher.outputFile(onCluster.storage().warehouse(), pipeline, CLEAN)),
                    new CheckRunner(onDuckDb, duckDb, CheckRunner.MetricHistory.NONE)
                            .checkOutput(pipeline, CLEAN, Publisher.outputFile(onDuckDb.storage().warehouse(), pipeline, CLEAN)));
        }
    }

    @Test
    void the_work_ran_on_the_workers_executors() throws Exception {
        // Each worker started an executor for pipekeeper's application, in its work folder.
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(dir.resolve(worker + "-work"))) {
                assertThat(apps.map(app -> app.getFileName().toString()).toList()).as(worker).anyMatch(app -> app.startsWith("app-"));
            }
        }
    }

    private static Run.Status status(List<Run> runs, String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst().orElseThrow().status();
    }

    private static String error(List<Run> runs, String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst().orElseThrow().error().orElse("");
    }
}
