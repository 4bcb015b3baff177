package io.pipekeeper.spark;

import static io.pipekeeper.spark.SeedOnBothEngines.CLEAN;
import static io.pipekeeper.spark.SeedOnBothEngines.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import io.pipekeeper.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's five pipelines and every check of the seed, on DuckDB and on Spark local[2], over the same
 * generated data: the same rows (integers, strings and decimals exactly, floating point within 1e-9 relative),
 * the same check verdicts and failing-row counts, the same measures.
 */
class SameResultsOnSparkTest {
    @TempDir
    static Path dir;
    static Catalog onDuckDb;
    static Catalog onSpark;
    static Store duckStore;
    static Store sparkStore;
    static List<Run> duckRuns;
    static List<Run> sparkRuns;

    @BeforeAll
    static void runTheSeedOnBothEngines() {
        Path raw = dir.resolve("raw");
        onDuckDb = SeedOnBothEngines.seed(dir.resolve("duckdb"), raw, UnaryOperator.identity());
        onSpark = SeedOnBothEngines.seed(dir.resolve("spark"), raw, UnaryOperator.identity())
                .onEngine("spark", new SparkSettings("local[2]", Map.of()));
        SeedOnBothEngines.generate(onDuckDb);
        duckStore = SeedOnBothEngines.store(dir.resolve("duckdb"));
        sparkStore = SeedOnBothEngines.store(dir.resolve("spark"));
        duckRuns = new PipelineRunner(onDuckDb, new RunStore(duckStore.jdbi()), SeedOnBothEngines.duckDb(), d -> { }, Instant::now)
                .run(List.of(), CLEAN);
        sparkRuns = new PipelineRunner(onSpark, new RunStore(sparkStore.jdbi()), SeedOnBothEngines.spark(), d -> { }, Instant::now)
                .run(List.of(), CLEAN);
    }

    @AfterAll
    static void close() {
        duckStore.close();
        sparkStore.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unit_profit", "aggregate_profit", "daily_growth", "aggregate_growth", "aggregate_engagement"})
    void everyPipelineWritesTheSameRowsAndTypesOnSpark(String pipeline) throws Exception {
        assertThat(status(duckRuns, pipeline)).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(status(sparkRuns, pipeline)).as(error(sparkRuns, pipeline)).isEqualTo(Run.Status.SUCCEEDED);
        Tables.Table duck = Tables.read(Publisher.outputFile(onDuckDb.storage().warehouse(), pipeline, CLEAN));
        Tables.Table spark = Tables.read(Publisher.outputFile(onSpark.storage().warehouse(), pipeline, CLEAN));
        assertThat(duck.rows()).isNotEmpty();
        assertThat(spark.types()).isEqualTo(duck.types());
        Tables.assertSameRows(spark, duck);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "orders", "product_costs", "events"})
    void everySourceCheckGivesTheSameVerdictOnSpark(String source) {
        for (LocalDate day : List.of(CLEAN, FAULTY)) {
            CheckRunner.Outcome duck = new CheckRunner(onDuckDb, SeedOnBothEngines.duckDb(), CheckRunner.MetricHistory.NONE)
                    .checkSource(source, day);
            CheckRunner.Outcome spark = new CheckRunner(onSpark, SeedOnBothEngines.spark(), CheckRunner.MetricHistory.NONE)
                    .checkSource(source, day);
            assertSameOutcome(spark, duck);
        }
    }

    @Test
    void theFaultyDayFailsChecksOnSparkAsOnDuckDb() {
        CheckRunner.Outcome spark = new CheckRunner(onSpark, SeedOnBothEngines.spark(), CheckRunner.MetricHistory.NONE)
                .checkSource("orders", FAULTY);
        assertThat(spark.results()).filteredOn(r -> r.status() != CheckResult.Status.PASSED).extracting(CheckResult::check)
                .contains("not_null(user_id)", "unique(order_id)", "range(quantity)", "format(currency)", "accepted_values(currency)",
                        "references(product_id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unit_profit", "aggregate_profit", "daily_growth", "aggregate_growth", "aggregate_engagement"})
    void everyOutputCheckGivesTheSameVerdictOnSpark(String pipeline) {
        CheckRunner.Outcome duck = new CheckRunner(onDuckDb, SeedOnBothEngines.duckDb(), CheckRunner.MetricHistory.NONE)
                .checkOutput(pipeline, CLEAN, Publisher.outputFile(onDuckDb.storage().warehouse(), pipeline, CLEAN));
        CheckRunner.Outcome spark = new CheckRunner(onSpark, SeedOnBothEngines.spark(), CheckRunner.MetricHistory.NONE)
                .checkOutput(pipeline, CLEAN, Publisher.outputFile(onSpark.storage().warehouse(), pipeline, CLEAN));
        assertThat(duck.results()).isNotEmpty();
        assertSameOutcome(spark, duck);
    }

    @Test
    void aSparkRunRecordsWhatItUsedFromSparksMetrics() {
        Run run = sparkRuns.stream().filter(r -> r.pipeline().equals("unit_profit")).findFirst().orElseThrow();
        Run same = duckRuns.stream().filter(r -> r.pipeline().equals("unit_profit")).findFirst().orElseThrow();
        assertThat(run.rowsOut()).isEqualTo(same.rowsOut()).isPositive();
        assertThat(run.rowsIn()).isEqualTo(same.rowsIn());
        assertThat(run.cpuMillis()).isPositive();
        assertThat(run.peakMemoryBytes()).isPositive();
    }

    static void assertSameOutcome(CheckRunner.Outcome spark, CheckRunner.Outcome duck) {
        assertThat(spark.results()).extracting(CheckSummary::of)
                .containsExactlyElementsOf(duck.results().stream().map(CheckSummary::of).toList());
        assertThat(spark.metrics().keySet()).isEqualTo(duck.metrics().keySet());
        duck.metrics().forEach((metric, value) -> {
            if (metric.endsWith(".distinct")) {
                // Both engines estimate distinct counts with HyperLogLog, each its own: within their stated error.
                assertThat(spark.metrics().get(metric)).as(metric).isCloseTo(value, org.assertj.core.data.Percentage.withPercentage(5));
            } else {
                assertThat(Tables.sameNumber(spark.metrics().get(metric), value)).as(metric + ": " + spark.metrics().get(metric)
                        + " on Spark, " + value + " on DuckDB").isTrue();
            }
        });
        assertThat(spark.quarantined()).isEqualTo(duck.quarantined());
    }

    /** What must agree between engines: not the sample rows (which five is the engine's choice) nor the query text. */
    record CheckSummary(String subject, String check, CheckResult.Status status, String observed, long failing, int samples) {
        static CheckSummary of(CheckResult result) {
            boolean measured = result.type() == io.pipekeeper.config.Check.Type.DISTRIBUTION;
            return new CheckSummary(result.subject(), result.check(), result.status(), measured ? "" : result.observed(),
                    result.failingRows(), result.sample().size());
        }
    }

    private static Run.Status status(List<Run> runs, String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst().orElseThrow().status();
    }

    private static String error(List<Run> runs, String pipeline) {
        return String.valueOf(runs.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst().orElseThrow().error());
    }
}
