package io.pipekeeper.spark;

import static io.pipekeeper.spark.SeedOnBothEngines.SPARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Resources;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.EngineFailure;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine's own behaviour: choosing it in one line, quarantine, and failures in words. */
class SparkEngineTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 3);

    @TempDir
    Path dir;

    @Test
    void one_line_moves_a_seed_pipeline_to_spark_and_it_gives_the_same_numbers() throws Exception {
        Path raw = dir.resolve("raw");
        Catalog plain = SeedOnBothEngines.seed(dir.resolve("duckdb"), raw, UnaryOperator.identity());
        Catalog moved = SeedOnBothEngines.seed(dir.resolve("moved"), raw, text -> text.replace(
                "    sql: pipelines/aggregate_profit.sql\n", "    sql: pipelines/aggregate_profit.sql\n    engine: spark\n"));
        new SampleData(plain).generate(new SampleData.Options(DAY.minusDays(3), DAY, 0.001, 3, List.of()), day -> { });

        assertThat(moved.pipeline("aggregate_profit").engine()).isEqualTo("spark");
        assertThat(moved.pipeline("unit_profit").engine()).isEqualTo("duckdb");
        assertThat(Engines.available()).contains("spark");
        assertThat(Engines.load(moved).forPipeline(moved.pipeline("aggregate_profit"))).isInstanceOf(SparkEngine.class);

        List<Run> duck = run(plain, SeedOnBothEngines.duckDb(), "aggregate_profit");
        List<Run> spark = run(moved, SeedOnBothEngines.spark(), "aggregate_profit");
        assertThat(spark).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);
        assertThat(duck).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);
        Tables.assertSameRows(Tables.read(Publisher.outputFile(moved.storage().warehouse(), "aggregate_profit", DAY)),
                Tables.read(Publisher.outputFile(plain.storage().warehouse(), "aggregate_profit", DAY)));
    }

    @Test
    void quarantine_sets_aside_the_same_rows_on_spark_and_the_pipeline_reads_the_rest() throws Exception {
        Path raw = dir.resolve("raw");
        UnaryOperator<String> quarantine = text -> text.replace("{type: range, column: quantity, min: 1, max: 1000}",
                "{type: range, column: quantity, min: 1, max: 1000, on_fail: quarantine}");
        Catalog onDuckDb = SeedOnBothEngines.seed(dir.resolve("duckdb"), raw, quarantine);
        Catalog onSpark = SeedOnBothEngines.seed(dir.resolve("spark"), raw, quarantine).onEngine("spark", new SparkSettings("local[2]", Map.of()));
        new SampleData(onDuckDb).generate(new SampleData.Options(DAY.minusDays(1), DAY, 0.001, 5,
                List.of(Fault.parse("negative_values:orders.quantity@" + DAY))), day -> { });

        assertThat(run(onDuckDb, SeedOnBothEngines.duckDb(), "unit_profit")).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);
        assertThat(run(onSpark, SeedOnBothEngines.spark(), "unit_profit")).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);

        Tables.Table duckAside = Tables.read(onDuckDb.storage().quarantine().resolve("orders/date=" + DAY + "/data.parquet"));
        Tables.Table sparkAside = Tables.read(onSpark.storage().quarantine().resolve("orders/date=" + DAY + "/data.parquet"));
        assertThat(duckAside.rows()).isNotEmpty();
        assertThat(sparkAside.types()).isEqualTo(duckAside.types());
        Tables.assertSameRows(sparkAside, duckAside);
        Tables.assertSameRows(Tables.read(Publisher.outputFile(onSpark.storage().warehouse(), "unit_profit", DAY)),
                Tables.read(Publisher.outputFile(onDuckDb.storage().warehouse(), "unit_profit", DAY)));
    }

    @Test
    void a_source_behind_a_uri_is_listed_through_hadoop_and_read_by_spark_with_the_same_results() throws Exception {
        Path raw = dir.resolve("raw");
        Catalog plain = SeedOnBothEngines.seed(dir.resolve("duckdb"), raw, UnaryOperator.identity());
        String uri = "file://" + raw.toAbsolutePath() + "/orders/date={date}/*.parquet";
        Catalog remote = SeedOnBothEngines.seed(dir.resolve("remote"), raw, text -> text
                .replace("version: 1\n", "version: 1\nengines: {default: spark}\n")
                .replace("path: \"orders/date={date}/*.parquet\"", "path: \"" + uri + "\""));
        new SampleData(plain).generate(new SampleData.Options(DAY.minusDays(7), DAY, 0.001, 9,
                List.of(Fault.parse("null_spike:orders.user_id@" + DAY.minusDays(1)))), day -> { });
        assertThat(remote.sources().get("orders").remote()).isTrue();

        CheckRunner.Outcome fromUri = new CheckRunner(remote, SeedOnBothEngines.spark(), CheckRunner.MetricHistory.NONE)
                .checkSource("orders", DAY.minusDays(1));
        CheckRunner.Outcome fromDisk = new CheckRunner(plain, SeedOnBothEngines.duckDb(), CheckRunner.MetricHistory.NONE)
                .checkSource("orders", DAY.minusDays(1));
        SameResultsOnSparkTest.assertSameOutcome(fromUri, fromDisk);
        assertThat(fromUri.results()).filteredOn(r -> r.status() != CheckResult.Status.PASSED).extracting(CheckResult::check)
                .contains("not_null(user_id)");

        assertThat(run(remote, SeedOnBothEngines.spark(), "unit_profit")).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);
        assertThat(run(plain, SeedOnBothEngines.duckDb(), "unit_profit")).extracting(Run::status).containsOnly(Run.Status.SUCCEEDED);
        Tables.assertSameRows(Tables.read(Publisher.outputFile(remote.storage().warehouse(), "unit_profit", DAY)),
                Tables.read(Publisher.outputFile(plain.storage().warehouse(), "unit_profit", DAY)));

        String missing = uri.replace("orders/", "no_orders/");
        Catalog absent = SeedOnBothEngines.seed(dir.resolve("absent"), raw, text -> text
                .replace("version: 1\n", "version: 1\nengines: {default: spark}\n")
                .replace("path: \"orders/date={date}/*.parquet\"", "path: \"" + missing + "\""));
        assertThat(run(absent, SeedOnBothEngines.spark(), "unit_profit")).singleElement().satisfies(blocked -> {
            assertThat(blocked.status()).isEqualTo(Run.Status.BLOCKED);
            assertThat(blocked.error()).hasValueSatisfying(reason -> assertThat(reason).contains("source orders has no partition for " + DAY)
                    .contains(missing.replace("{date}", DAY.toString())));
        });
    }

    @Test
    void bad_sql_is_a_permanent_failure_that_quotes_spark() {
        assertThatThrownBy(() -> SPARK.execute("p", "SELECT no_such_column FROM range(3)", List.of(), Resources.DEFAULT,
                dir.resolve("out.parquet")))
                .isInstanceOfSatisfying(EngineFailure.class, failure -> assertThat(failure.kind()).isEqualTo(EngineFailure.Kind.PERMANENT))
                .hasMessageContaining("p failed on Spark").hasMessageContaining("no_such_column");
        assertThat(dir.resolve("out.parquet")).doesNotExist();
        assertThat(dir.resolve("out.parquet.parts")).doesNotExist();
    }

    @Test
    void a_run_past_its_time_limit_is_cancelled_and_says_so() {
        Resources oneSecond = new Resources(Resources.DEFAULT.memoryBytes(), 2, Duration.ofSeconds(1));
        long started = System.nanoTime();
        assertThatThrownBy(() -> SPARK.execute("slow", "SELECT sum(a.id * b.id) AS s FROM range(200000) a CROSS JOIN range(200000) b",
                List.of(), oneSecond, dir.resolve("out.parquet")))
                .isInstanceOfSatisfying(EngineFailure.class, failure -> assertThat(failure.kind()).isEqualTo(EngineFailure.Kind.TIMEOUT))
                .hasMessageStartingWith("ran out of time at the 1s limit in slow on Spark");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void spark_failures_are_diagnosed_in_spark_terms() {
        SparkException yarnKill = new SparkException("Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times, most recent failure:"
                + " Lost task 3.3 in stage 7.0 (TID 41) (10.0.0.5 executor 2): ExecutorLostFailure (executor 2 exited caused by one of the"
                + " running tasks) Reason: Container killed by YARN for exceeding memory limits. 9.1 GB of 9 GB physical memory used.");
        EngineFailure memory = SparkDiagnosis.of("unit_profit", yarnKill, Resources.DEFAULT, false);
        assertThat(memory.kind()).isEqualTo(EngineFailure.Kind.OUT_OF_MEMORY);
        assertThat(memory).hasMessageStartingWith("ran out of memory in stage 7.0 in unit_profit on Spark; raise spark.conf spark.executor.memory");

        SparkException preempted = new SparkException("Job aborted due to stage failure: Task 0 in stage 2.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 in stage 2.0 (TID 9) (10.0.0.7 executor 4): ExecutorLostFailure (executor 4 exited unrelated to the"
                + " running tasks) Reason: Executor Process Lost");
        EngineFailure lost = SparkDiagnosis.of("unit_profit", preempted, Resources.DEFAULT, false);
        assertThat(lost.kind()).isEqualTo(EngineFailure.Kind.TRANSIENT);
        assertThat(lost).hasMessageStartingWith("an executor was lost in stage 2.0 in unit_profit on Spark");
    }

    @Test
    void a_crash_while_spark_writes_leaves_a_hidden_folder_that_the_next_run_removes() throws Exception {
        Path day = Files.createDirectories(dir.resolve("warehouse/unit_profit/date=2026-11-03"));
        Path parts = Files.createDirectories(day.resolve(".staging-1234.parquet.parts"));
        Files.writeString(parts.resolve("part-00000.parquet"), "half a file");
        assertThat(Publisher.cleanUp(dir.resolve("warehouse"))).containsExactly(parts);
        assertThat(parts).doesNotExist();
    }

    private static List<Run> run(Catalog catalog, Engines engines, String pipeline) {
        try (Store store = SeedOnBothEngines.store(catalog.baseDir())) {
            return new PipelineRunner(catalog, new RunStore(store.jdbi()), engines, d -> { }, Instant::now).run(List.of(pipeline), DAY);
        }
    }
}
