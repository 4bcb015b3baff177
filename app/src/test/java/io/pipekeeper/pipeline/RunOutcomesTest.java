package io.pipekeeper.pipeline;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.Signal;

import io.pipekeeper.engine.Publisher;
import io.pipekeeper.engine.Engines;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocked, retried, failed and out-of-resources runs, each with its signal. */
class RunOutcomesTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    @TempDir
    Path dir;
    private Path raw;
    private Store store;
    private RunStore runs;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void seedData() throws Exception {
        SeedText.writeTo(dir);
        raw = dir.resolve("data/raw");
        SeedData.writeDay(raw, DAY);
        store = Store.open(TestDatabases.freshH2());
        runs = new RunStore(store.jdbi());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private List<Run> run(String config, PipelineRunner.Pause pause, String... pipelines) throws Exception {
        Files.writeString(dir.resolve("pipekeeper.yaml"), config);
        Catalog catalog = new ConfigLoader().load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml");
        return new PipelineRunner(catalog, runs, Engines.duckDbOnly(), pause, Instant::now).run(List.of(pipelines), DAY);
    }

    private List<Run> run(PipelineRunner.Pause pause, String... pipelines) throws Exception {
        return run(SeedText.text(), pause, pipelines);
    }

    private static Run named(List<Run> runs, String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst().orElseThrow();
    }

    @Test
    void a_missing_partition_blocks_the_pipeline_and_everything_downstream() throws Exception {
        Files.delete(raw.resolve("orders/date=2026-11-07/part-0.parquet"));

        List<Run> result = run(waits::add, "aggregate_profit");

        assertThat(result).extracting(Run::pipeline).containsExactly("unit_profit", "aggregate_profit");
        assertThat(result).allSatisfy(r -> assertThat(r.status()).isEqualTo(Run.Status.BLOCKED));
        assertThat(result.get(0).error()).get().asString().startsWith("source orders has no partition for 2026-11-07");
        assertThat(result.get(1).error()).contains("upstream unit_profit blocked for 2026-11-07");
        assertThat(runs.signals().all()).extracting(Signal::kind, Signal::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.RUN_BLOCKED, "unit_profit"),
                org.assertj.core.groups.Tuple.tuple(Kind.RUN_BLOCKED, "aggregate_profit"));
        assertThat(runs.signals().all().get(0).runId()).contains(result.get(0).id());
        assertThat(waits).isEmpty();
    }

    @Test
    void a_file_still_being_written_is_retried_after_a_backoff_and_the_run_succeeds() throws Exception {
        Path orders = raw.resolve("orders/date=2026-11-07/part-0.parquet");
        byte[] whole = Files.readAllBytes(orders);
        Files.write(orders, java.util.Arrays.copyOf(whole, 8));

        List<Run> result = run(wait -> {
            waits.add(wait);
            try {
                Files.write(orders, whole);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "unit_profit");

        assertThat(result.get(0).status()).as(result.get(0).error().orElse("")).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(result.get(0).attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(runs.signals().all()).isEmpty();
    }

    @Test
    void a_corrupt_file_fails_after_the_retries_with_a_diagnosis_and_a_signal() throws Exception {
        Files.write(raw.resolve("orders/date=2026-11-07/part-0.parquet"), "not parquet at all".getBytes());

        Run result = run(waits::add, "unit_profit").get(0);

        assertThat(result.status()).isEqualTo(Run.Status.FAILED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(result.error()).get().asString().contains("not a whole Parquet file (still being written, or corrupt)")
                .endsWith("(gave up after 3 attempts)");
        assertThat(runs.signals().all()).hasSize(1);
        Signal signal = runs.signals().all().get(0);
        assertThat(signal.kind()).isEqualTo(Kind.RUN_FAILED);
        assertThat(signal.evidence()).contains("\"attempts\":3");
        assertThat(Publisher.outputFile(dir.resolve("data/warehouse"), "unit_profit", DAY)).doesNotExist();
    }

    @Test
    void a_renamed_column_breaks_the_contract_and_blocks_the_run_before_it_starts() throws Exception {
        Parquet.write(raw.resolve("orders/date=2026-11-07/part-0.parquet"), "SELECT 1::BIGINT AS order_id, 1::BIGINT AS user_id,"
                + " TIMESTAMP '2026-11-07 12:00' AS ordered_at, 1 AS product_id, 2 AS quantity, 9.99::DECIMAL(12,2) AS price, 'USD' AS currency");
        SeedData.arrivedOnTime(raw);

        Run result = run(waits::add, "unit_profit").get(0);

        assertThat(result.status()).isEqualTo(Run.Status.BLOCKED);
        assertThat(result.error()).contains("input check schema on orders failed: column unit_price DECIMAL(12,2) is gone and price"
                + " DECIMAL(12,2) appeared: likely renamed unit_price → price");
        assertThat(runs.signals().all()).extracting(Signal::kind).containsExactly(Kind.SCHEMA_BREAKING, Kind.RUN_BLOCKED);
        assertThat(waits).isEmpty();
    }

    @Test
    void running_out_of_memory_is_resource_exhausted_with_what_to_do() throws Exception {
        String config = SeedText.replace(SeedText.text(), "resources: {memory: 2GB, threads: 2, timeout: 30m}",
                "resources: {memory: 1MB, threads: 1, timeout: 30m}");
        Files.writeString(dir.resolve("pipelines/aggregate_engagement.sql"),
                "SELECT {{run_date}} AS date, string_agg(repeat('x', 100), ',') AS big FROM range(2000000) t(i)");

        Run result = run(config, waits::add, "aggregate_engagement").get(0);

        assertThat(result.status()).isEqualTo(Run.Status.FAILED);
        assertThat(result.error()).get().asString().startsWith("ran out of memory at the 1MB limit in aggregate_engagement;"
                + " raise resources.memory, or move it to the spark engine");
        assertThat(runs.signals().all()).extracting(Signal::kind).containsExactly(Kind.RESOURCE_EXHAUSTED);
    }

    @Test
    void a_run_past_its_timeout_is_cancelled_and_resource_exhausted() throws Exception {
        String config = SeedText.replace(SeedText.text(), "resources: {memory: 2GB, threads: 2, timeout: 30m}",
                "resources: {memory: 2GB, threads: 1, timeout: 1s}");
        Files.writeString(dir.resolve("pipelines/aggregate_engagement.sql"),
                "SELECT {{run_date}} AS date, sum(hash(i)) AS spin FROM range(20000000000) t(i)");

        long started = System.nanoTime();
        Run result = run(config, waits::add, "aggregate_engagement").get(0);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(result.status()).isEqualTo(Run.Status.FAILED);
        assertThat(result.error()).contains("ran out of time at the 1s limit in aggregate_engagement;"
                + " raise resources.timeout, or move it to the spark engine");
        assertThat(runs.signals().all()).extracting(Signal::kind).containsExactly(Kind.RESOURCE_EXHAUSTED);
    }

    @Test
    void a_csv_source_is_read_like_parquet() throws Exception {
        String config = SeedText.replace(SeedText.text(), "    path: \"product_costs/*.parquet\"\n    partition: none\n",
                "    path: \"product_costs/*.csv\"\n    partition: none\n    format: csv\n");
        Files.delete(raw.resolve("product_costs/costs.parquet"));
        Files.writeString(raw.resolve("product_costs/costs.csv"), "product_id,unit_cost,valid_from\n1,2.50,2026-01-01\n2,2.50,2026-01-01\n"
                + "3,2.50,2026-01-01\n");

        Run result = run(config, waits::add, "unit_profit").get(0);

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(result.rowsIn()).as("100 orders, 3 costs from the CSV, 10 users").isEqualTo(113);
        Path output = Publisher.outputFile(dir.resolve("data/warehouse"), "unit_profit", DAY);
        assertThat(Parquet.query("SELECT sum(cost) AS cost FROM read_parquet('" + output + "')").get(0).get("cost").toString())
                .isEqualTo("500.00");
    }

    @Test
    void a_run_records_what_it_used() throws Exception {
        Run result = run(waits::add, "aggregate_engagement").get(0);
        assertThat(result.status()).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(result.rowsIn()).isEqualTo(200);
        assertThat(result.rowsOut()).isEqualTo(1);
        assertThat(result.wallMillis()).isPositive();
        assertThat(result.peakMemoryBytes()).isNotNegative();
        assertThat(result.output()).contains(Publisher.outputFile(dir.resolve("data/warehouse"), "aggregate_engagement", DAY).toString());
        assertThat(runs.runs(Optional.of("aggregate_engagement"), Optional.empty(), Optional.empty())).hasSize(1);
    }
}
